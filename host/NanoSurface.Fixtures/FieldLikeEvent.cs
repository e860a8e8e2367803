// expect: accept
// A field-like event of a non-generic delegate: the compiler must not reach for Interlocked.CompareExchange<T>.
namespace Fixtures
{
    public delegate void ReadingHandler(object sender, int value);

    public class RaisesEvent
    {
        public event ReadingHandler Reading;

        public void Raise(int value)
        {
            ReadingHandler handler = Reading;
            if (handler != null) handler(this, value);
        }
    }
}
