namespace EspCollector.Core.Pulses
{
    /// <summary>
    /// The pulse capture port. The GPIO adapter records edges into the shared ring from its pin callback; the
    /// hardware counter adapter counts in the chip and answers <see cref="ReadCount"/>. Both are started the
    /// same way, so the composition picks one per board without the core knowing which.
    /// </summary>
    public interface IPulseCapture
    {
        PulseCaptureMode Mode { get; }

        /// <summary>
        /// Starts capturing channel i on <c>channels[i].Pin</c>, recording its edges as channel i into
        /// <paramref name="ring"/> (edge mode; null with a hardware counter).
        /// Returns false when a channel cannot be started (pin not usable, no counter unit left);
        /// <see cref="FailedChannel"/> says which; channels before it are running.
        /// </summary>
        bool Start(PulseChannelSettings[] channels, EdgeRing ring);

        /// <summary>Index of the channel the last Start failed on, -1 when none.</summary>
        int FailedChannel { get; }

        /// <summary>Stops capturing and releases pins and counter units.</summary>
        void Stop();

        /// <summary>Hardware counter mode: pulses counted on the channel since Start. Edge mode: 0.</summary>
        long ReadCount(int channel);
    }
}
