namespace EspCollector.Core.Ports
{
    /// <summary>
    /// Empties what a serial line holds now, without waiting (late answers, noise, the other master's bytes on a
    /// shared UART): the one loop the Modbus master, the M-Bus master and the shared line use. Allocation-free: the
    /// buffer is the caller's.
    /// </summary>
    public static class SerialDrain
    {
        /// <summary>Reads and drops every byte the line holds now; returns how many.</summary>
        public static int Available(ISerialLine line, byte[] buffer)
        {
            int total = 0;
            while (line.BytesToRead > 0)
            {
                int drained = line.Read(buffer, 0, buffer.Length, 0);
                if (drained <= 0)
                {
                    break;
                }

                total += drained;
            }

            return total;
        }
    }
}
