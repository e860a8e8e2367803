namespace EspCollector.Core.MBus
{
    /// <summary>
    /// Finds the meters on an M-Bus. <see cref="ScanPrimary"/> sends one REQ_UD2 to each primary address.
    /// <see cref="SearchSecondary"/> is the wildcard tree search over the identification number (most
    /// significant digit first): for each digit 0..9 at the current position, with F in the positions after it,
    /// a selection is sent. No answer: nobody has that prefix. E5: at least one is selected, so REQ_UD2 to FD
    /// tells one meter (a valid telegram, recorded) from several (a collision or broken frame). A collision at a
    /// selection or at the read goes one digit deeper. Results are stored in caller-sized arrays; the search
    /// never allocates. Probes count selections.
    /// </summary>
    public sealed class MBusSearch
    {
        private const int Digits = 8;

        private readonly MBusMaster _master;
        private readonly MBusTelegram _telegram = new MBusTelegram();
        private readonly int[] _identifications;
        private readonly ushort[] _manufacturers;
        private readonly byte[] _versions;
        private readonly byte[] _media;
        private readonly byte[] _addresses;

        public MBusSearch(MBusMaster master, int capacity)
        {
            _master = master;
            _identifications = new int[capacity];
            _manufacturers = new ushort[capacity];
            _versions = new byte[capacity];
            _media = new byte[capacity];
            _addresses = new byte[capacity];
        }

        /// <summary>Meters found by the last scan or search.</summary>
        public int Count { get; private set; }

        /// <summary>Meters found beyond the capacity (not stored).</summary>
        public int Overflow { get; private set; }

        /// <summary>Selections sent by the last secondary search.</summary>
        public int Probes { get; private set; }

        /// <summary>REQ_UD2 sent by the last scan or search.</summary>
        public int Reads { get; private set; }

        /// <summary>Selections or reads where several meters answered at the deepest digit (identical numbers).</summary>
        public int UnresolvedCollisions { get; private set; }

        public int IdentificationAt(int index)
        {
            return _identifications[index];
        }

        public ushort ManufacturerAt(int index)
        {
            return _manufacturers[index];
        }

        public byte VersionAt(int index)
        {
            return _versions[index];
        }

        public byte MediumAt(int index)
        {
            return _media[index];
        }

        /// <summary>Primary address the meter answered from (its A field).</summary>
        public byte AddressAt(int index)
        {
            return _addresses[index];
        }

        /// <summary>REQ_UD2 once to each address from <paramref name="first"/> to <paramref name="last"/> (0..250).</summary>
        public int ScanPrimary(int first, int last)
        {
            Reset();
            if (first < 0)
            {
                first = 0;
            }

            if (last > MBusFrame.MaximumPrimaryAddress)
            {
                last = MBusFrame.MaximumPrimaryAddress;
            }

            for (int address = first; address <= last; address++)
            {
                Reads++;
                if (_master.RequestUserData((byte)address, 0) == MBusStatus.Ok)
                {
                    Record();
                }
            }

            return Count;
        }

        /// <summary>The wildcard tree search over all identification numbers (any manufacturer, version, medium).</summary>
        public int SearchSecondary()
        {
            Reset();
            SearchFrom(0xFFFFFFFF, 0);
            return Count;
        }

        private void Reset()
        {
            Count = 0;
            Overflow = 0;
            Probes = 0;
            Reads = 0;
            UnresolvedCollisions = 0;
        }

        /// <summary>Tries digits 0..9 at <paramref name="position"/> (0 = most significant); depth at most 8.</summary>
        private void SearchFrom(uint mask, int position)
        {
            int shift = 4 * (Digits - 1 - position);
            for (uint digit = 0; digit <= 9; digit++)
            {
                uint candidate = (mask & ~(0xFu << shift)) | (digit << shift);
                Probes++;
                MBusStatus status = _master.Select(candidate, 0xFFFF, 0xFF, 0xFF, 0);
                if (status == MBusStatus.Timeout)
                {
                    continue;
                }

                if (status == MBusStatus.Ok)
                {
                    Reads++;
                    status = _master.RequestUserData(MBusFrame.NetworkAddress, 0);
                    if (status == MBusStatus.Ok)
                    {
                        Record();
                        continue;
                    }

                    if (status == MBusStatus.Timeout)
                    {
                        continue;
                    }
                }

                // Several meters share this prefix: go one digit deeper.
                if (position < Digits - 1)
                {
                    SearchFrom(candidate, position + 1);
                }
                else
                {
                    UnresolvedCollisions++;
                }
            }
        }

        private void Record()
        {
            if (!_telegram.Open(_master.ResponseBuffer, _master.ResponseCiOffset, _master.ResponseUserDataLength)
                || !_telegram.HasLongHeader)
            {
                return;
            }

            for (int index = 0; index < Count; index++)
            {
                if (_identifications[index] == _telegram.IdentificationNumber && _manufacturers[index] == _telegram.Manufacturer)
                {
                    return;
                }
            }

            if (Count == _identifications.Length)
            {
                Overflow++;
                return;
            }

            _identifications[Count] = _telegram.IdentificationNumber;
            _manufacturers[Count] = _telegram.Manufacturer;
            _versions[Count] = _telegram.Version;
            _media[Count] = _telegram.Medium;
            _addresses[Count] = _master.ResponseAddress;
            Count++;
        }
    }
}
