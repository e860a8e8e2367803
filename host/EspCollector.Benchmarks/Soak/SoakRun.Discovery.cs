using System;
using System.Collections.Generic;

namespace EspCollector.Benchmarks.Soak
{
    /// <summary>
    /// discovery_after_retained_loss: after a broker restart that lost every retained message, each discovery
    /// config retained before it must be retained again. The time is taken from the start of the session in
    /// which the last of them came back (the collector reconnected to the restarted broker: what Home Assistant
    /// waits once the collector is back), and, for comparison, from the restart itself (which includes the
    /// outages that followed it).
    /// </summary>
    public sealed partial class SoakRun
    {
        /// <summary>What "within a few minutes of reconnecting" means for the check.</summary>
        private const long DiscoveryAfterReconnectLimit = 5 * Minute;

        private readonly HashSet<string> _discoveryMissing = new HashSet<string>(StringComparer.Ordinal);
        private readonly List<long> _discoveryAfterReconnect = new List<long>();

        /// <summary>After a restart: the configs retained before it (and before earlier ones still pending).</summary>
        private void ExpectDiscoveryAgain()
        {
            if (_restartsPending.Count == 1)
            {
                _discoveryMissing.Clear();
            }

            _discoveryMissing.UnionWith(_discoveryBefore);
        }

        /// <summary>Every message the broker accepted and delivered (after the subscriber has seen it).</summary>
        private void OnDelivered(string topic, bool retained)
        {
            if (_restartsPending.Count == 0 || !retained || !_discoveryMissing.Remove(topic) || _discoveryMissing.Count > 0)
            {
                return;
            }

            long now = _clock.MonotonicMicroseconds;
            foreach (long at in _restartsPending)
            {
                _restartsRecovered++;
                _slowestRecovery = Math.Max(_slowestRecovery, now - at);
                _discoveryAfterReconnect.Add(now - _broker.SessionStartedAt);
            }

            _restartsPending.Clear();
        }

        private long DiscoveryAfterReconnectMax()
        {
            long max = 0;
            foreach (long value in _discoveryAfterReconnect)
            {
                max = Math.Max(max, value);
            }

            return max;
        }

        private double DiscoveryAfterReconnectMean()
        {
            double sum = 0;
            foreach (long value in _discoveryAfterReconnect)
            {
                sum += value;
            }

            return _discoveryAfterReconnect.Count == 0 ? 0 : sum / _discoveryAfterReconnect.Count;
        }
    }
}
