using System;
using System.Collections.Generic;
using System.Globalization;
using EspCollector.Core.App;
using EspCollector.Core.Config;
using EspCollector.Core.Meters;
using EspCollector.Core.Pulses;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace EspCollector.Twin
{
    /// <summary>
    /// The twin's live view (Spectre.Console) when standard output is a terminal: a table of the meters
    /// (availability, main values, last update), the pulse channels, bus statistics, MQTT state and buffer, and
    /// memory, redrawn every second, with the console's last lines and prompt under it. The console still reads
    /// stdin: what is typed goes to the collector's console session as before.
    /// </summary>
    public sealed class LiveView
    {
        private const int ConsoleLines = 8;
        private static readonly string[] Shown = { "voltage_l1", "current_l1", "power", "energy_import" };

        private readonly object _sync = new object();
        private readonly Queue<string> _lines = new Queue<string>();
        private string _partial = string.Empty;
        private LiveDisplayContext _context;
        private IRenderable _last = new Markup("[grey]starting...[/]");

        /// <summary>Runs <paramref name="body"/> with the live display up; returns when it returns.</summary>
        public static void Run(Action<LiveView> body)
        {
            LiveView view = new LiveView();
            AnsiConsole.Live(view._last)
                .AutoClear(false)
                .Overflow(VerticalOverflow.Ellipsis)
                .Start(context =>
                {
                    view._context = context;
                    body(view);
                    view.Redraw();
                });
        }

        /// <summary>A line of the twin itself (rebooting, stopped) in the console pane.</summary>
        public void Log(string line)
        {
            lock (_sync)
            {
                if (_partial.Length > 0)
                {
                    // Keep the prompt line as it was, and put the twin's line under it.
                    _partial += "\n";
                }
            }

            ConsoleText(line + "\n");
            Redraw();
        }

        /// <summary>Console output: complete lines into the pane, the unfinished one (the prompt) under them.</summary>
        public void ConsoleText(string text)
        {
            lock (_sync)
            {
                string all = _partial + text.Replace("\r", string.Empty);
                int newline;
                while ((newline = all.IndexOf('\n')) >= 0)
                {
                    _lines.Enqueue(all.Substring(0, newline));
                    while (_lines.Count > ConsoleLines)
                    {
                        _lines.Dequeue();
                    }

                    all = all.Substring(newline + 1);
                }

                _partial = all;
            }

            Redraw();
        }

        /// <summary>Builds the view of the collector now and draws it.</summary>
        public void Show(Collector collector, ConfigManager config, long nowMicroseconds)
        {
            Table meters = new Table().Title("meters").Border(TableBorder.Rounded);
            meters.AddColumn("meter");
            meters.AddColumn("type@addr");
            meters.AddColumn("availability");
            foreach (string name in Shown)
            {
                meters.AddColumn(new TableColumn(name).RightAligned());
            }

            meters.AddColumn(new TableColumn("last update").RightAligned());
            MeterDriver[] drivers = collector.Meters;
            for (int i = 0; i < drivers.Length; i++)
            {
                MeterReadings readings = drivers[i].Readings;
                List<IRenderable> row = new List<IRenderable>
                {
                    new Text(i < config.Active.MeterCount ? config.Active.MeterAt(i).Name : "?"),
                    new Text(drivers[i].Type.Name + "@" + drivers[i].Address),
                    new Markup(readings.Online ? "[green]online[/]" : "[red]offline[/]"),
                };
                lock (readings.SyncRoot)
                {
                    foreach (string name in Shown)
                    {
                        int index = readings.IndexOf(name);
                        row.Add(new Text(index >= 0 && readings.IsValid(index)
                            ? readings.ValueAt(index).ToString("0.###", CultureInfo.InvariantCulture) + " " + readings.UnitAt(index)
                            : "-"));
                    }
                }

                row.Add(new Text(readings.LastReadMicroseconds > 0
                    ? ((nowMicroseconds - readings.LastReadMicroseconds) / 1000000.0).ToString("0.0", CultureInfo.InvariantCulture) + " s ago"
                    : "never"));
                meters.AddRow(row);
            }

            Table pulses = new Table().Title("pulse channels").Border(TableBorder.Rounded);
            pulses.AddColumn("channel");
            pulses.AddColumn(new TableColumn("pulses").RightAligned());
            pulses.AddColumn(new TableColumn("energy").RightAligned());
            pulses.AddColumn(new TableColumn("power").RightAligned());
            PulseProcessor processor = collector.Pulses;
            for (int i = 0; i < processor.ChannelCount; i++)
            {
                PulseChannel channel = processor.Channels[i];
                pulses.AddRow(channel.Name, channel.TotalPulses.ToString(CultureInfo.InvariantCulture),
                    channel.EnergyKilowattHours.ToString("0.000", CultureInfo.InvariantCulture) + " kWh",
                    channel.PowerWatts.ToString("0", CultureInfo.InvariantCulture) + " W");
            }

            var publisher = collector.Publisher;
            string mqtt = publisher == null
                ? "not configured"
                : (publisher.IsConnected ? "[green]connected[/]" : "[red]not connected[/]") + ", published " + publisher.PublishedMessages
                  + ", buffered " + publisher.BufferedMessages + ", dropped " + publisher.DroppedMessages;
            GCMemoryInfo gc = GC.GetGCMemoryInfo();
            Grid status = new Grid().AddColumn().AddColumn();
            status.AddRow(new Markup("[bold]bus[/]"), new Text(collector.Poller.Statistics.Describe()));
            status.AddRow(new Markup("[bold]mqtt[/]"), new Markup(mqtt));
            status.AddRow(new Markup("[bold]memory[/]"), new Text("managed heap in use " + Kilobytes(GC.GetTotalMemory(false))
                + ", heap size " + Kilobytes(gc.HeapSizeBytes) + ", committed " + Kilobytes(gc.TotalCommittedBytes)));

            lock (_sync)
            {
                _last = new Rows(meters, pulses, status);
            }

            Redraw();
        }

        private IRenderable ConsolePane()
        {
            lock (_sync)
            {
                List<IRenderable> rows = new List<IRenderable>();
                foreach (string line in _lines)
                {
                    rows.Add(new Text(line));
                }

                rows.Add(new Text(_partial.Length > 0 ? _partial : "> "));
                return new Panel(new Rows(rows)).Header("console (type help, Enter)").Border(BoxBorder.Rounded).Expand();
            }
        }

        private void Redraw()
        {
            lock (_sync)
            {
                if (_context == null)
                {
                    return;
                }

                _context.UpdateTarget(new Rows(_last, ConsolePane()));
                _context.Refresh();
            }
        }

        private static string Kilobytes(long bytes)
        {
            return (bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " KB";
        }
    }
}
