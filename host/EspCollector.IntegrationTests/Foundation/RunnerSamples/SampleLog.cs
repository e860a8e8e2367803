using System.Collections.Generic;

namespace EspCollector.RunnerSamples
{
    /// <summary>What the sample classes did, in order, so a test can check the launcher's sequence.</summary>
    public static class SampleLog
    {
        public static readonly List<string> Events = new List<string>();
    }
}
