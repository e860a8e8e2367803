using System;
using System.Diagnostics;

namespace EspCollector.Benchmarks.Support
{
    /// <summary>
    /// Keeps apart what the core allocates from what the outside world allocates on the same thread: every
    /// port double (simulated meters behind the serial line, the in-memory transport, the S0 outputs) brackets
    /// its work with <see cref="Enter"/>/<see cref="Exit"/>, so a measurement can subtract it. The simulators
    /// are not on the device; the device's own adapters (UART, M2Mqtt, GPIO) are outside the core's budget too.
    /// Single-threaded by design: everything in a benchmark runs on the thread that measures.
    /// </summary>
    public static class Foreign
    {
        private static int _depth;
        private static long _enteredBytes;
        private static long _enteredTicks;

        /// <summary>Bytes allocated inside brackets so far.</summary>
        public static long Bytes;

        /// <summary>Stopwatch ticks spent inside brackets so far.</summary>
        public static long Ticks;

        /// <summary>False while a run that measures nothing (the soak) drives the doubles: the brackets then cost
        /// nothing (reading the thread's allocation counter at every one of its millions of steps took a sixth of
        /// its time). Bytes and Ticks stand still meanwhile.</summary>
        public static bool Counting = true;

        public static void Enter()
        {
            if (!Counting)
            {
                return;
            }

            if (_depth++ == 0)
            {
                _enteredTicks = Stopwatch.GetTimestamp();
                _enteredBytes = GC.GetAllocatedBytesForCurrentThread();
            }
        }

        public static void Exit()
        {
            if (!Counting)
            {
                return;
            }

            if (--_depth == 0)
            {
                Bytes += GC.GetAllocatedBytesForCurrentThread() - _enteredBytes;
                Ticks += Stopwatch.GetTimestamp() - _enteredTicks;
            }
        }
    }

    /// <summary>One measured interval: total and foreign bytes and time; the core's share is the difference.</summary>
    public sealed class Measurement
    {
        private readonly long _startBytes;
        private readonly long _startForeignBytes;
        private readonly long _startTicks;
        private readonly long _startForeignTicks;

        private Measurement()
        {
            _startForeignBytes = Foreign.Bytes;
            _startForeignTicks = Foreign.Ticks;
            _startTicks = Stopwatch.GetTimestamp();
            _startBytes = GC.GetAllocatedBytesForCurrentThread();
        }

        public long TotalBytes { get; private set; }

        public long ForeignBytes { get; private set; }

        public long CoreBytes => TotalBytes - ForeignBytes;

        public double WallSeconds { get; private set; }

        public double ForeignSeconds { get; private set; }

        public double CoreSeconds => WallSeconds - ForeignSeconds;

        public static Measurement Start()
        {
            return new Measurement();
        }

        public Measurement Stop()
        {
            long bytes = GC.GetAllocatedBytesForCurrentThread();
            long ticks = Stopwatch.GetTimestamp();
            TotalBytes = bytes - _startBytes;
            ForeignBytes = Foreign.Bytes - _startForeignBytes;
            WallSeconds = (double)(ticks - _startTicks) / Stopwatch.Frequency;
            ForeignSeconds = (double)(Foreign.Ticks - _startForeignTicks) / Stopwatch.Frequency;
            return this;
        }
    }
}
