using System;
using System.IO;
using System.Threading;
using EspCollector.Core.Console;

namespace EspCollector.Twin
{
    /// <summary>The serial console on stdin/stdout: bytes in as a UART would deliver them, lines out.</summary>
    public sealed class StdioConsole : IConsoleOutput
    {
        private readonly object _sync = new object();
        private ConsoleSession _session;

        public void Start(ConsoleSession session)
        {
            _session = session;
            session.Start();
            new Thread(ReadLoop) { IsBackground = true, Name = "console" }.Start();
        }

        public void Write(string text)
        {
            lock (_sync)
            {
                Console.Out.Write(text);
                Console.Out.Flush();
            }
        }

        public void WriteLine(string text)
        {
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
