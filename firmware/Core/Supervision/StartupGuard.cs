using System;

namespace EspCollector.Core.Supervision
{
    /// <summary>One stage of the device's setup.</summary>
    public delegate void SetupStep();

    /// <summary>The fallback setup, told what failed.</summary>
    public delegate void FallbackStep(string failure);

    /// <summary>
    /// Runs the device's setup so that a failure never leaves a dead device: an exception that escapes
    /// <c>Main</c> ends it silently, before the console starts (a rejected pin, a failing UART Open). On failure the
    /// fallback runs (the board's defaults, safe mode, the console) and the failure is returned for it to show.
    /// </summary>
    public static class StartupGuard
    {
        /// <summary>Null when <paramref name="setup"/> succeeded; otherwise what failed, after
        /// <paramref name="fallback"/> ran (an exception of the fallback itself is not caught).</summary>
        public static string Run(SetupStep setup, FallbackStep fallback)
        {
            string failure = null;
            try
            {
                setup();
            }
            catch (Exception exception)
            {
                failure = "setup failed: " + exception.GetType().Name + (exception.Message != null && exception.Message.Length > 0 ? " (" + exception.Message + ")" : string.Empty);
            }

            if (failure != null)
            {
                fallback(failure);
            }

            return failure;
        }
    }
}
