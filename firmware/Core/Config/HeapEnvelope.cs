using EspCollector.Core.Board;

namespace EspCollector.Core.Config
{
    /// <summary>
    /// What a board's managed heap carries (heap issue): a cost table in bytes of the nanoFramework heap model and
    /// a budget per envelope. A plain ESP32 (no PSRAM) must carry the four meter types, one each, 8 S0 channels,
    /// the console and MQTT with TLS; a board whose module has PSRAM carries the 16 meters
    /// <see cref="MeterEntry.MaximumCount"/> allows. "meter add" and "pulse add" refuse what would not fit
    /// (<see cref="CheckAddition"/>), naming the envelope.
    /// The costs are the model's figures (host/EspCollector.Benchmarks, Support/ObjectGraph: 12-byte heap blocks)
    /// for what the running collector keeps, measured 2026-12-07 and rounded up; the integration test
    /// HeapCostTableTests measures them again and fails when the table is below the model or more than 10 % above.
    /// The README ("Memory") subtracts M2Mqtt, System.Net with TLS and WiFi from the device's heap.
    /// </summary>
    public static class HeapEnvelope
    {
        /// <summary>The collector with its broker session and console, no meter, no pulse channel and no ring:
        /// static tables every configuration uses (quantity vocabulary, setting keys, catalog), configuration
        /// manager and active configuration, publisher with its JSON writers, command mailbox and topics, bus master
        /// and poller, pulse processor and totals store, console session with its command table and line editor.</summary>
        public const int BaseBytes = 16144;

        /// <summary>One S0 channel: its settings, its row of the pulse ledger, its share of the one edge ring, its
        /// totals slot.</summary>
        public const int PulseChannelBytes = 720;

        /// <summary>A meter type's register table and block layout, kept once however many meters of the type
        /// (same order as <see cref="MeterEntry.Types"/>).</summary>
        /// The last entry is the KLEFR M-bus version: the M-Bus port (master, frame buffers, poller) with its static
        /// tables, 2,712 B, measured with the `mbus` benchmark (firmware/Core/MBus/README.md).
        private static readonly int[] TypeTableBytes = { 2384, 1248, 2608, 2144, 2712 };

        /// <summary>Each meter of the type: driver, block plan, value slots, snapshots, identity, discovery keys.</summary>
        /// <remarks>M-Bus: one KLEFR M-bus meter adds 4,164 B in all on the model (`mbus` benchmark), 1,452 B of it the meter.</remarks>
        private static readonly int[] MeterBytes = { 4400, 3120, 4992, 3968, 1452 };

        /// <summary>Store-and-forward ring when mqtt.buffer is not set: a plain ESP32 keeps ~25 messages (~2.5
        /// minutes of a four-meter outage), a PSRAM board ~100.</summary>
        public const int PlainRingBytes = 4096;
        public const int PsramRingBytes = 16384;

        /// <summary>Managed heap the collector may keep on a plain ESP32: its required configuration (the four types,
        /// 8 S0 channels, console, MQTT with TLS, the 4 KB ring) adds up to 50.9 KB on this table, which is
        /// conservative (the model keeps 45.6 KB of it whole, under the heap issue's 48 KB target), and another meter
        /// of any type does not fit. The README ("Memory") sets this against what the device leaves once the runtime,
        /// M2Mqtt, TLS and WiFi are loaded.</summary>
        public const int PlainBudgetBytes = 52 * 1024;

        /// <summary>Managed heap the collector may keep on a PSRAM board (nanoFramework puts the managed heap in
        /// PSRAM there: megabytes); 16 meters of the largest type and 8 channels fit with room to spare.</summary>
        public const int PsramBudgetBytes = 256 * 1024;

        /// <summary>"plain ESP32" or "PSRAM": the envelope's name in messages and the status.</summary>
        public static string Name(BoardProfile board)
        {
            return board != null && board.HasPsram ? "PSRAM" : "plain ESP32";
        }

        public static int BudgetBytes(BoardProfile board)
        {
            return board != null && board.HasPsram ? PsramBudgetBytes : PlainBudgetBytes;
        }

        /// <summary>The ring's size when mqtt.buffer is not set, chosen from the envelope.</summary>
        public static int DefaultRingBytes(BoardProfile board)
        {
            return board != null && board.HasPsram ? PsramRingBytes : PlainRingBytes;
        }

        /// <summary>mqtt.buffer when set, else the envelope's default.</summary>
        public static int RingBytes(Configuration configuration, BoardProfile board)
        {
            return configuration.GetExplicit(SettingKeys.MqttBuffer) != null
                ? configuration.GetInteger(SettingKeys.MqttBuffer)
                : DefaultRingBytes(board);
        }

        /// <summary>The ring's arena and what it adds per byte (its record index).</summary>
        public static int RingCost(int bytes)
        {
            return bytes + bytes / 256;
        }

        /// <summary>The cost of one meter of this type: its table when no other meter of the type is configured.</summary>
        public static int MeterCost(Configuration configuration, string type)
        {
            int index = TypeIndex(type);
            bool tableKept = false;
            for (int meter = 0; meter < configuration.MeterCount; meter++)
            {
                if (configuration.MeterAt(meter).Type == type)
                {
                    tableKept = true;
                    break;
                }
            }

            return MeterBytes[index] + (tableKept ? 0 : TypeTableBytes[index]);
        }

        /// <summary>Bytes the configuration keeps on the model (<paramref name="board"/>: the configuration's board).</summary>
        public static int Estimate(Configuration configuration, BoardProfile board)
        {
            int total = BaseBytes + RingCost(RingBytes(configuration, board)) + configuration.PulseChannelCount * PulseChannelBytes;
            for (int index = 0; index < MeterEntry.Types.Length; index++)
            {
                int count = 0;
                for (int meter = 0; meter < configuration.MeterCount; meter++)
                {
                    if (TypeIndex(configuration.MeterAt(meter).Type) == index)
                    {
                        count++;
                    }
                }

                total += count == 0 ? 0 : TypeTableBytes[index] + count * MeterBytes[index];
            }

            return total;
        }

        /// <summary>
        /// Null when the configuration plus <paramref name="extraBytes"/> fits the board's envelope; otherwise the
        /// problem for <paramref name="what"/> ("meter", "pulse"), naming the envelope, the need and the budget.
        /// </summary>
        public static string CheckAddition(Configuration configuration, int extraBytes, string what)
        {
            BoardProfile board = configuration.BoardProfile;
            int need = Estimate(configuration, board) + extraBytes;
            int budget = BudgetBytes(board);
            if (need <= budget)
            {
                return null;
            }

            return what + ": does not fit the " + Name(board) + " envelope of board " + board.Name + " (" + Kilobytes(budget)
                + " KB of managed heap for the collector; this configuration would keep " + Kilobytes(need)
                + " KB). A plain ESP32 carries the four meter types, one each, and 8 S0 channels; use a board with PSRAM for more";
        }

        /// <summary>Index in <see cref="MeterEntry.Types"/>; a type the table does not know costs as the dearest.</summary>
        private static int TypeIndex(string type)
        {
            int dearest = 0;
            for (int index = 0; index < MeterEntry.Types.Length && index < MeterBytes.Length; index++)
            {
                if (MeterEntry.Types[index] == type)
                {
                    return index;
                }

                if (MeterBytes[index] + TypeTableBytes[index] > MeterBytes[dearest] + TypeTableBytes[dearest])
                {
                    dearest = index;
                }
            }

            return dearest;
        }

        private static int Kilobytes(int bytes)
        {
            return (bytes + 1023) / 1024;
        }
    }
}
