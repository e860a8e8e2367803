// expect: reject scan
// EventHandler<TEventArgs> exists in the listing but is generic: use a delegate of the project's own.
using System;

namespace Fixtures
{
    public class RaisesGenericEvent
    {
        public event EventHandler<EventArgs> Changed;

        public void Raise()
        {
            EventHandler<EventArgs> handler = Changed;
            if (handler != null) handler(this, EventArgs.Empty);
        }
    }
}
