// expect: accept
// Enums compared, switched on, boxed for storage (ArrayList, Hashtable key) and named by a switch: no enum text.
using System.Collections;

namespace Fixtures
{
    public enum MeterState { Unknown = 0, Online = 1, Offline = 2 }

    public class UsesEnumsWithoutText
    {
        private readonly ArrayList history = new ArrayList();
        private readonly Hashtable counts = new Hashtable();

        public static string Name(MeterState state)
        {
            switch (state)
            {
                case MeterState.Online: return "Online";
                case MeterState.Offline: return "Offline";
                default: return "Unknown";
            }
        }

        public string Record(MeterState state, MeterState previous)
        {
            history.Add(state);
            counts[state] = counts.Contains(state) ? (int)counts[state] + 1 : 1;
            bool changed = state != previous;
            string label = state == MeterState.Online ? "up" : "down";
            return "state " + Name(state) + " (" + (int)state + ") " + label + (changed ? " changed" : "")
                + $" was {Name(previous)}/{(int)previous}" + ((int)state).ToString();
        }
    }
}
