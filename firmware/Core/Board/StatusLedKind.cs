namespace EspCollector.Core.Board
{
    /// <summary>How the board's status LED is driven.</summary>
    public enum StatusLedKind
    {
        /// <summary>The board has no LED the firmware can drive.</summary>
        None = 0,

        /// <summary>A plain LED lit by a high level.</summary>
        ActiveHigh = 1,

        /// <summary>A plain LED lit by a low level.</summary>
        ActiveLow = 2,

        /// <summary>A WS2812/SK6812 addressable RGB LED (one data pin, driven through the RMT peripheral).</summary>
        AddressableRgb = 3,
    }
}
