// expect: reject CS0234 CS0246 CS1983
// Task and async/await do not exist on the device: use threads.
using System.Threading.Tasks;

namespace Fixtures
{
    public class UsesAsync
    {
        public async Task Run()
        {
            await Task.Delay(10);
        }
    }
}
