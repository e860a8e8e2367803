namespace EspCollector.Core.Board
{
    /// <summary>One result of pin validation: an error refuses the pin set, a warning is shown and accepted.</summary>
    public sealed class PinFinding
    {
        public readonly bool IsError;
        public readonly int Pin;
        public readonly string Message;

        public PinFinding(bool isError, int pin, string message)
        {
            IsError = isError;
            Pin = pin;
            Message = message;
        }

        public override string ToString()
        {
            return (IsError ? "error: " : "warning: ") + Message;
        }
    }
}
