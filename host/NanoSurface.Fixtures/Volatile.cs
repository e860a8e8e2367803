// expect: reject CS0518
// volatile needs System.Runtime.CompilerServices.IsVolatile, which the device's mscorlib does not have.
namespace Fixtures
{
    public class UsesVolatile
    {
        private volatile bool stopping;

        public void Stop() { stopping = true; }
    }
}
