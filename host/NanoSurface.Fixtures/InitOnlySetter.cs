// expect: reject scan
// init-only setters compile (the listing has IsExternalInit) but carry a modreq nanoCLR does not know.
namespace Fixtures
{
    public class Settings
    {
        public int Baud { get; init; }
    }
}
