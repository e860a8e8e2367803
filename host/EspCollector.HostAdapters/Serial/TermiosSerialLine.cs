using System;
using System.IO;
using System.Runtime.InteropServices;
using EspCollector.Core.Ports;

namespace EspCollector.HostAdapters.Serial
{
    /// <summary>
    /// <see cref="ISerialLine"/> over a Linux tty (USB-RS485 adapter, pseudo-terminal) through libc: the device is
    /// opened O_RDWR | O_NOCTTY | O_NONBLOCK, put in raw mode (cfmakeraw) with the bus's baud rate, parity and
    /// stop bits; reads wait with ppoll (microsecond timeouts), writes end with tcdrain so the call returns once
    /// the bytes have left (an adapter with automatic direction control then releases the bus). No allocation
    /// per call: buffers are pinned with <c>fixed</c>. Linux x86_64 / aarch64 glibc only (struct termios layout).
    /// </summary>
    public sealed unsafe class TermiosSerialLine : ISerialLine, IDisposable
    {
        // fcntl.h (asm-generic): octal values.
        private const int O_RDWR = 2;
        private const int O_NOCTTY = 0x100;   // 0400
        private const int O_NONBLOCK = 0x800; // 04000

        // termbits.h c_cflag / c_iflag (octal in the header).
        private const uint CSIZE = 0x30;     // 0000060
        private const uint CS8 = 0x30;       // 0000060
        private const uint CSTOPB = 0x40;    // 0000100
        private const uint CREAD = 0x80;     // 0000200
        private const uint PARENB = 0x100;   // 0000400
        private const uint PARODD = 0x200;   // 0001000
        private const uint CLOCAL = 0x800;   // 0004000
        private const uint CRTSCTS = 0x80000000; // 020000000000
        private const uint INPCK = 0x10;     // 0000020
        private const uint IXON = 0x400;     // 0002000
        private const uint IXOFF = 0x1000;   // 0010000

        private const int VTIME = 5;
        private const int VMIN = 6;
        private const int TCSANOW = 0;
        private const int TCIOFLUSH = 2;
        private const ulong FIONREAD = 0x541B;
        private const short POLLIN = 0x1;
        private const short POLLOUT = 0x4;
        private const int EINTR = 4;
        private const int EAGAIN = 11;
        private const int EINVAL = 22;

        // struct termios (x86_64 / aarch64 glibc): 4 x tcflag_t, c_line, c_cc[32], padding, c_ispeed, c_ospeed = 60 bytes.
        private const int TermiosSize = 60;
        private const int CflagOffset = 8;
        private const int IflagOffset = 0;
        private const int CcOffset = 17;

        private readonly string _path;
        private readonly byte[] _termios = new byte[TermiosSize + 4];
        private int _fd = -1;

        public TermiosSerialLine(string path)
        {
            _path = path;
            _fd = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK);
            if (_fd < 0)
            {
                throw new IOException("cannot open " + path + ": errno " + Marshal.GetLastPInvokeError().ToString());
            }
        }

        public string Path
        {
            get { return _path; }
        }

        public void Configure(SerialSettings settings)
        {
            ThrowIfClosed();
            uint speed = SpeedConstant(settings.BaudRate);
            fixed (byte* termios = _termios)
            {
                if (tcgetattr(_fd, termios) != 0)
                {
                    throw Failure("tcgetattr");
                }

                cfmakeraw(termios);
                uint cflag = *(uint*)(termios + CflagOffset);
                cflag &= ~(CSIZE | PARENB | PARODD | CSTOPB | CRTSCTS);
                cflag |= CS8 | CREAD | CLOCAL;
                if (settings.Parity != SerialParity.None)
                {
                    cflag |= PARENB;
                    if (settings.Parity == SerialParity.Odd)
                    {
                        cflag |= PARODD;
                    }
                }

                if (settings.StopBits == 2)
                {
                    cflag |= CSTOPB;
                }

                *(uint*)(termios + CflagOffset) = cflag;

                // A character with a parity error reads as 0x00 (INPCK without IGNPAR/PARMRK): the CRC then fails,
                // which is how the master must see it. No software flow control: 0x11/0x13 are data.
                uint iflag = *(uint*)(termios + IflagOffset);
                iflag &= ~(IXON | IXOFF);
                if (settings.Parity != SerialParity.None)
                {
                    iflag |= INPCK;
                }

                *(uint*)(termios + IflagOffset) = iflag;

                // Non-blocking reads; timing is done with ppoll.
                termios[CcOffset + VMIN] = 0;
                termios[CcOffset + VTIME] = 0;

                if (cfsetispeed(termios, speed) != 0 || cfsetospeed(termios, speed) != 0)
                {
                    throw Failure("cfsetspeed");
                }

                if (tcsetattr(_fd, TCSANOW, termios) != 0)
                {
                    // A pseudo-terminal carries bytes, not bits, so it has no parity: the Linux pty driver refuses a
                    // change whose only effect would be PARENB with EINVAL (seen on kernel 6.18). On a pty, apply the
                    // rest of the settings without parity; on a real UART the refusal is an error.
                    int errno = Marshal.GetLastPInvokeError();
                    if (errno != EINVAL || !IsPseudoTerminal(_path))
                    {
                        throw new IOException("tcsetattr " + _path + ": errno " + errno.ToString());
                    }

                    *(uint*)(termios + CflagOffset) &= ~(PARENB | PARODD);
                    *(uint*)(termios + IflagOffset) &= ~INPCK;
                    if (tcsetattr(_fd, TCSANOW, termios) != 0)
                    {
                        throw Failure("tcsetattr");
                    }
                }
            }

            tcflush(_fd, TCIOFLUSH);
        }

        public int BytesToRead
        {
            get
            {
                ThrowIfClosed();
                int available = 0;
                if (ioctl(_fd, FIONREAD, &available) != 0)
                {
                    return 0;
                }

                return available;
            }
        }

        public int Read(byte[] buffer, int offset, int count, int timeoutMicroseconds)
        {
            ThrowIfClosed();
            if (buffer == null || offset < 0 || count < 0 || offset + count > buffer.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(count));
            }

            if (count == 0)
            {
                return 0;
            }

            long deadline = NowMicroseconds() + (timeoutMicroseconds > 0 ? timeoutMicroseconds : 0);
            while (true)
            {
                fixed (byte* destination = &buffer[offset])
                {
                    long received = read(_fd, destination, (ulong)count);
                    if (received > 0)
                    {
                        return (int)received;
                    }

                    if (received < 0)
                    {
                        int errno = Marshal.GetLastPInvokeError();
                        if (errno != EAGAIN && errno != EINTR)
                        {
                            throw new IOException("read " + _path + ": errno " + errno.ToString());
                        }
                    }
                }

                long remaining = deadline - NowMicroseconds();
                if (remaining <= 0)
                {
                    return 0;
                }

                WaitFor(POLLIN, remaining);
            }
        }

        public void Write(byte[] buffer, int offset, int count)
        {
            ThrowIfClosed();
            if (buffer == null || offset < 0 || count < 0 || offset + count > buffer.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(count));
            }

            int written = 0;
            while (written < count)
            {
                fixed (byte* source = &buffer[offset + written])
                {
                    long result = write(_fd, source, (ulong)(count - written));
                    if (result > 0)
                    {
                        written += (int)result;
                        continue;
                    }

                    int errno = Marshal.GetLastPInvokeError();
                    if (result < 0 && errno != EAGAIN && errno != EINTR)
                    {
                        throw new IOException("write " + _path + ": errno " + errno.ToString());
                    }
                }

                WaitFor(POLLOUT, 100000);
            }

            // Returns once the UART has shifted the last bit out (for a pty: once the peer took the bytes).
            tcdrain(_fd);
        }

        public void Dispose()
        {
            if (_fd >= 0)
            {
                close(_fd);
                _fd = -1;
            }
        }

        /// <summary>The termios speed constant (Bnnn) for a baud rate; only the standard rates exist.</summary>
        public static uint SpeedConstant(int baudRate)
        {
            switch (baudRate)
            {
                case 300: return 7;       // B300 0000007
                case 600: return 8;       // B600 0000010
                case 1200: return 9;      // B1200 0000011
                case 1800: return 10;     // B1800 0000012
                case 2400: return 11;     // B2400 0000013
                case 4800: return 12;     // B4800 0000014
                case 9600: return 13;     // B9600 0000015
                case 19200: return 14;    // B19200 0000016
                case 38400: return 15;    // B38400 0000017
                case 57600: return 0x1001;  // B57600 0010001
                case 115200: return 0x1002; // B115200 0010002
                case 230400: return 0x1003; // B230400 0010003
                case 460800: return 0x1004; // B460800 0010004
                case 500000: return 0x1005; // B500000 0010005
                case 576000: return 0x1006; // B576000 0010006
                case 921600: return 0x1007; // B921600 0010007
                case 1000000: return 0x1008; // B1000000 0010010
                default: throw new ArgumentException("baud rate " + baudRate.ToString() + " has no termios constant");
            }
        }

        private void WaitFor(short events, long microseconds)
        {
            PollFd descriptor;
            descriptor.Fd = _fd;
            descriptor.Events = events;
            descriptor.Revents = 0;
            TimeSpec timeout;
            timeout.Seconds = microseconds / 1000000;
            timeout.Nanoseconds = (microseconds % 1000000) * 1000;
            ppoll(&descriptor, 1, &timeout, IntPtr.Zero);
        }

        private static long NowMicroseconds()
        {
            return (long)(System.Diagnostics.Stopwatch.GetTimestamp() * (1000000.0 / System.Diagnostics.Stopwatch.Frequency));
        }

        private void ThrowIfClosed()
        {
            if (_fd < 0)
            {
                throw new ObjectDisposedException(_path);
            }
        }

        /// <summary>True for a Unix98 pseudo-terminal (/dev/pts/N, or a link to one such as socat's).</summary>
        public static bool IsPseudoTerminal(string path)
        {
            try
            {
                FileSystemInfo target = new FileInfo(path).ResolveLinkTarget(true);
                string resolved = target != null ? target.FullName : path;
                return resolved.StartsWith("/dev/pts/", StringComparison.Ordinal) || resolved == "/dev/ptmx";
            }
            catch (IOException)
            {
                return false;
            }
        }

        private IOException Failure(string call)
        {
            return new IOException(call + " " + _path + ": errno " + Marshal.GetLastPInvokeError().ToString());
        }

        [StructLayout(LayoutKind.Sequential)]
        private struct PollFd
        {
            public int Fd;
            public short Events;
            public short Revents;
        }

        [StructLayout(LayoutKind.Sequential)]
        private struct TimeSpec
        {
            public long Seconds;
            public long Nanoseconds;
        }

        [DllImport("libc", SetLastError = true)]
        private static extern int open([MarshalAs(UnmanagedType.LPStr)] string path, int flags);

        [DllImport("libc", SetLastError = true)]
        private static extern int close(int fd);

        [DllImport("libc", SetLastError = true)]
        private static extern long read(int fd, byte* buffer, ulong count);

        [DllImport("libc", SetLastError = true)]
        private static extern long write(int fd, byte* buffer, ulong count);

        [DllImport("libc", SetLastError = true)]
        private static extern int tcgetattr(int fd, byte* termios);

        [DllImport("libc", SetLastError = true)]
        private static extern int tcsetattr(int fd, int optionalActions, byte* termios);

        [DllImport("libc", SetLastError = true)]
        private static extern void cfmakeraw(byte* termios);

        [DllImport("libc", SetLastError = true)]
        private static extern int cfsetispeed(byte* termios, uint speed);

        [DllImport("libc", SetLastError = true)]
        private static extern int cfsetospeed(byte* termios, uint speed);

        [DllImport("libc", SetLastError = true)]
        private static extern int tcdrain(int fd);

        [DllImport("libc", SetLastError = true)]
        private static extern int tcflush(int fd, int queueSelector);

        [DllImport("libc", SetLastError = true)]
        private static extern int ioctl(int fd, ulong request, int* argument);

        [DllImport("libc", SetLastError = true)]
        private static extern int ppoll(PollFd* descriptors, ulong count, TimeSpec* timeout, IntPtr signalMask);
    }
}
