namespace EspCollector.Core.MBus
{
    /// <summary>
    /// One KLEFR M-bus meter polled by <see cref="MBusPoller"/>: how it is addressed (primary address, or secondary
    /// by identification number), the last values by <see cref="KlefrMBus"/> row (kWh), the identity from the
    /// telegram header, and availability. Written by the bus thread; readers lock <see cref="SyncRoot"/>.
    /// </summary>
    public sealed class MBusMeter
    {
        public readonly string Name;

        /// <summary>Primary address 0..250 (used when <see cref="SecondaryAddress"/> is -1).</summary>
        public readonly byte PrimaryAddress;

        /// <summary>Identification number (8 digits) for secondary addressing, or -1.</summary>
        public readonly int SecondaryAddress;

        public readonly double[] Values = new double[KlefrMBus.Count];
        public readonly bool[] Present = new bool[KlefrMBus.Count];

        public readonly object SyncRoot = new object();

        /// <summary>From the last telegram's header (-1 until read).</summary>
        public int IdentificationNumber = -1;
        public ushort Manufacturer;
        public byte Version;
        public byte Medium;

        public bool Online;
        public int ConsecutiveFailures;
        public int Reads;
        public int Failures;
        public int OfflineTransitions;
        public MBusStatus LastStatus = MBusStatus.Ok;
        public long LastReadMicroseconds;

        /// <summary>Incremented after each successful read (publishers compare it to know there is something new).</summary>
        public int ReadingsVersion;

        internal long NextDueMicroseconds;

        private MBusMeter(string name, byte primaryAddress, int secondaryAddress)
        {
            Name = name;
            PrimaryAddress = primaryAddress;
            SecondaryAddress = secondaryAddress;
        }

        public static MBusMeter AtPrimaryAddress(string name, byte address)
        {
            return new MBusMeter(name, address, -1);
        }

        public static MBusMeter AtSecondaryAddress(string name, int identificationNumber)
        {
            return new MBusMeter(name, MBusFrame.NetworkAddress, identificationNumber);
        }

        public bool UsesSecondaryAddress
        {
            get { return SecondaryAddress >= 0; }
        }
    }
}
