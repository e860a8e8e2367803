using System;
using EspCollector.Core.Ports;

namespace EspCollector.Tests.Doubles
{
    /// <summary>
    /// An <see cref="IRoutedSerialLine"/> for tests: one UART whose pins lead, per route, to a bus of its own (a
    /// <see cref="ScriptedSerialLine"/> with its simulated slaves). Only the routed bus sees the UART's bytes, and
    /// it runs at the UART's framing: after <see cref="Route"/> the newly routed bus gets the framing the UART has
    /// now, so a switch that forgets to reconfigure leaves the slaves behind it deaf (they check the framing).
    /// </summary>
    public sealed class RoutedLineDouble : IRoutedSerialLine
    {
        private readonly VirtualClock _clock;
        private readonly ScriptedSerialLine[] _buses;
        private SerialSettings _framing;
        private int _route = -1;

        public RoutedLineDouble(VirtualClock clock, ScriptedSerialLine[] buses)
        {
            _clock = clock;
            _buses = buses;
        }

        /// <summary>Route changes (calls that changed the route).</summary>
        public int RouteChanges;

        /// <summary>When the route last changed, µs.</summary>
        public long LastRouteMicroseconds = -1;

        /// <summary>Route of the last byte written, and frames written per route.</summary>
        public int[] WritesPerRoute;

        public int CurrentRoute
        {
            get { return _route; }
        }

        public int RouteCount
        {
            get { return _buses.Length; }
        }

        public void Route(int route)
        {
            if (route == _route)
            {
                return;
            }

            _route = route;
            RouteChanges++;
            LastRouteMicroseconds = _clock.MonotonicMicroseconds;
            if (_framing != null)
            {
                _buses[route].Configure(_framing);
            }
        }

        public void Configure(SerialSettings settings)
        {
            _framing = settings;
            if (_route >= 0)
            {
                _buses[_route].Configure(settings);
            }
        }

        public int BytesToRead
        {
            get { return Routed().BytesToRead; }
        }

        public int Read(byte[] buffer, int offset, int count, int timeoutMicroseconds)
        {
            return Routed().Read(buffer, offset, count, timeoutMicroseconds);
        }

        public void Write(byte[] buffer, int offset, int count)
        {
            ScriptedSerialLine bus = Routed();
            if (WritesPerRoute == null)
            {
                WritesPerRoute = new int[_buses.Length];
            }

            WritesPerRoute[_route]++;
            bus.Write(buffer, offset, count);
        }

        private ScriptedSerialLine Routed()
        {
            if (_route < 0)
            {
                throw new InvalidOperationException("the UART is not routed to any pins yet");
            }

            return _buses[_route];
        }
    }
}
