using System;
using System.Globalization;
using System.IO;
using EspCollector.Benchmarks.Report;
using EspCollector.Core.Bus;
using EspCollector.Core.Meters;

namespace EspCollector.Benchmarks.Bus
{
    /// <summary>
    /// What a user would otherwise run, computed from each design as documented, on the same simulated timing
    /// (9600 8E1, 11-bit characters, t3.5, the same fixed meter turnaround) and over the same quantity set (the
    /// standard read set's quantity rows of the four seed meters):
    /// <list type="bullet">
    /// <item>Tasmota's SDM630 driver (xnrg_10_sdm630): one register pair per request, one request every 250 ms (its
    /// 250 ms scheduler tick). Its own SDM630 set of 23 quantities: 23 x 250 ms = 5.75 s. Over our set: one read per
    /// quantity row, each taking max(250 ms, its wire time).</item>
    /// <item>ESPHome's modbus_controller: sensors whose registers are contiguous (same function code, no gap; a gap
    /// splits the range unless the user pads it by hand) are merged into one read of at most 125 registers, and
    /// `send_wait_time` (default 250 ms) waits between commands (the reading; each command = its wire
    /// time + 250 ms). Also printed: the reading where send_wait only bounds an answer still pending, and the next
    /// command leaves on the next main-loop pass (16 ms) after the answer.</item>
    /// </list>
    /// </summary>
    public static class AnchorDesigns
    {
        public const double TasmotaTickMicroseconds = 250000;
        public const int TasmotaSdm630Quantities = 23;
        public const double EsphomeSendWaitMicroseconds = 250000;
        public const double EsphomeLoopMicroseconds = 16000;

        public static bool Run(TextWriter output, MeterDriver[] drivers, double oursMicroseconds, int turnaroundMicroseconds)
        {
            double tasmota = 0;
            double esphome = 0;
            double esphomePrompt = 0;
            int tasmotaReads = 0;
            int esphomeReads = 0;
            foreach (MeterDriver driver in drivers)
            {
                RegisterTable table = driver.Plan.Table;
                int rows = table.Count;
                bool[] used = new bool[rows];

                // Tasmota: one request per quantity row.
                for (int row = 0; row < rows; row++)
                {
                    if (!InSet(table, row))
                    {
                        continue;
                    }

                    tasmotaReads++;
                    tasmota += Math.Max(TasmotaTickMicroseconds, BusCycleBenchmark.TransactionWireMicroseconds(DataBytes(table.FunctionCodeAt(row), table.LengthAt(row)), turnaroundMicroseconds));
                }

                // ESPHome: contiguous ranges per function code (rows are in block order: sorted by class, code, address).
                for (int first = 0; first < rows; first++)
                {
                    if (!InSet(table, first) || used[first])
                    {
                        continue;
                    }

                    byte code = table.FunctionCodeAt(first);
                    int start = table.AddressAt(first);
                    int end = table.LastAddressAt(first);
                    used[first] = true;
                    bool grown = true;
                    while (grown)
                    {
                        grown = false;
                        for (int row = 0; row < rows; row++)
                        {
                            if (used[row] || !InSet(table, row) || table.FunctionCodeAt(row) != code)
                            {
                                continue;
                            }

                            int rowStart = table.AddressAt(row);
                            int rowEnd = table.LastAddressAt(row);
                            int newStart = Math.Min(start, rowStart);
                            int newEnd = Math.Max(end, rowEnd);
                            int limit = code <= 2 ? 2000 : 125;
                            if (rowStart <= end + 1 && rowEnd >= start - 1 && newEnd - newStart + 1 <= limit)
                            {
                                start = newStart;
                                end = newEnd;
                                used[row] = true;
                                grown = true;
                            }
                        }
                    }

                    double wire = BusCycleBenchmark.TransactionWireMicroseconds(DataBytes(code, end - start + 1), turnaroundMicroseconds);
                    esphomeReads++;
                    esphome += wire + EsphomeSendWaitMicroseconds;
                    esphomePrompt += wire + EsphomeLoopMicroseconds;
                }
            }

            double tasmotaOwn = TasmotaSdm630Quantities * TasmotaTickMicroseconds;
            output.WriteLine("  anchors on the same bus timing, refresh of every quantity of the four meters once:");
            output.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "    ours (blocks, back to back)                       {0,8:F2} s  {1,3} reads", oursMicroseconds / 1e6, BlockCount(drivers)));
            output.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "    Tasmota SDM630 driver (1 quantity per 250 ms)     {0,8:F2} s  {1,3} reads ({2:F1} x ours); its own SDM630 set: {3} x 250 ms = {4:F2} s for one meter",
                tasmota / 1e6, tasmotaReads, tasmota / oursMicroseconds, TasmotaSdm630Quantities, tasmotaOwn / 1e6));
            output.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "    ESPHome modbus_controller (contiguous ranges,     {0,8:F2} s  {1,3} reads ({2:F1} x ours); if send_wait only bounds a pending answer: {3:F2} s ({4:F1} x ours)",
                esphome / 1e6, esphomeReads, esphome / oursMicroseconds, esphomePrompt / 1e6, esphomePrompt / oursMicroseconds));
            output.WriteLine("      send_wait 250 ms between commands)");
            BenchReport.Record("anchor_ours_refresh_s", oursMicroseconds / 1e6, 2, "s");
            BenchReport.Record("anchor_tasmota_sdm630_refresh_s", tasmotaOwn / 1e6, 2, "s");
            BenchReport.Record("anchor_tasmota_refresh_s", tasmota / 1e6, 2, "s");
            BenchReport.Record("anchor_esphome_refresh_s", esphome / 1e6, 2, "s");
            BenchReport.Record("anchor_esphome_refresh_s.prompt_answers", esphomePrompt / 1e6, 2, "s");
            return true;
        }

        private static bool InSet(RegisterTable table, int row)
        {
            return table.PollClassAt(row) != PollClass.Once && table.QuantityIndexAt(row) != RegisterTable.NoQuantity;
        }

        private static int DataBytes(byte functionCode, int quantity)
        {
            return functionCode <= 2 ? (quantity + 7) / 8 : 2 * quantity;
        }

        private static int BlockCount(MeterDriver[] drivers)
        {
            int count = 0;
            foreach (MeterDriver driver in drivers)
            {
                count += BusCycleBenchmark.StandardBlocks(driver);
            }

            return count;
        }
    }
}
