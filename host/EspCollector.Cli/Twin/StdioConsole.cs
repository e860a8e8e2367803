using System;
using System.IO;
using System.Threading;
using EspCollector.Core.Console;

namespace EspCollector.Twin
{
    /// <summary>
    /// The serial console on stdin/stdout: bytes in as a UART would deliver them, lines out; with the live view,
    /// the lines go to the view's console pane under the table instead.
    /// </summary>
    public sealed class StdioConsole : IConsoleOutput
    {
        private readonly object _sync = new object();
        private readonly LiveView _view;
        private ConsoleSession _session;

        public StdioConsole(LiveView view)
        {
            _view = view;
        }

        public void Start(ConsoleSession session)
        {
            _session = session;
            session.Start();
            new Thread(ReadLoop) { IsBackground = true, Name = "console" }.Start();
        }

        public void Write(string text)
        {
            if (_view != null)
            {
                _view.ConsoleText(text);
                return;
            }

            lock (_sync)
            {
                Console.Out.Write(text);
                Console.Out.Flush();
            }
        }

        public void WriteLine(string text)
        {
            if (_view != null)
            {
                _view.ConsoleText(text + "\n");
                return;
            }

            lock (_sync)
            {
                Console.Out.WriteLine(text);
            }
        }

        private void ReadLoop()
        {
            Stream input = Console.OpenStandardInput();
            byte[] buffer = new byte[64];
            while (true)
            {
                int count = input.Read(buffer, 0, buffer.Length);
                if (count <= 0)
                {
                    return;
                }

                _session.Receive(buffer, 0, count);
            }
        }
    }
}
