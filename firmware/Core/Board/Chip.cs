namespace EspCollector.Core.Board
{
    /// <summary>The Espressif chip families a board profile can name; each has its own <see cref="PinRules"/>.</summary>
    public enum Chip
    {
        Esp32 = 0,
        Esp32S3 = 1,
        Esp32C3 = 2,
    }
}
