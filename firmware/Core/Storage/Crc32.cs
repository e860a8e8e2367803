namespace EspCollector.Core.Storage
{
    /// <summary>
    /// CRC-32 as in IEEE 802.3 / zlib (reflected polynomial 0xEDB88320, initial and final value
    /// 0xFFFFFFFF; check value of "123456789" is 0xCBF43926). Computed bit by bit: records are saved
    /// every few minutes, so the speed of a 1 KB lookup table is not worth 1 KB of an ~80 KB heap.
    /// </summary>
    public static class Crc32
    {
        private const uint ReflectedPolynomial = 0xEDB88320;

        public static uint Compute(byte[] buffer, int offset, int count)
        {
            uint crc = 0xFFFFFFFF;
            int end = offset + count;
            for (int index = offset; index < end; index++)
            {
                crc ^= buffer[index];
                for (int bit = 0; bit < 8; bit++)
                {
                    crc = (crc & 1) != 0 ? (crc >> 1) ^ ReflectedPolynomial : crc >> 1;
                }
            }

            return crc ^ 0xFFFFFFFF;
        }
    }
}
