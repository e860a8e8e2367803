namespace EspCollector.Core.Board
{
    /// <summary>One GPIO given one function, with the configuration key or name the installer knows it by.</summary>
    public sealed class PinAssignment
    {
        public readonly int Pin;
        public readonly PinFunction Function;

        /// <summary>How the console names it: "pin.bus.tx", "pulse water", ...</summary>
        public readonly string Label;

        public PinAssignment(int pin, PinFunction function, string label)
        {
            Pin = pin;
            Function = function;
            Label = label;
        }

        /// <summary>True for functions that drive the pin (cannot sit on an input-only pad).</summary>
        public bool Drives
        {
            get
            {
                return Function == PinFunction.BusTransmit || Function == PinFunction.BusDriverEnable
                    || Function == PinFunction.ConsoleTransmit || Function == PinFunction.StatusLed
                    || Function == PinFunction.FixedOutput;
            }
        }

        /// <summary>True for functions where -1 ("none") is allowed.</summary>
        public bool Optional
        {
            get { return Function == PinFunction.BusDriverEnable || Function == PinFunction.StatusLed; }
        }
    }
}
