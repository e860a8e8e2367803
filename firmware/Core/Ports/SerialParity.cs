namespace EspCollector.Core.Ports
{
    /// <summary>Parity of a UART character (Modbus over Serial Line V1.02, 2.5.1: even is the default).</summary>
    public enum SerialParity
    {
        None = 0,
        Odd = 1,
        Even = 2,
    }
}
