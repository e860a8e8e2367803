// expect: accept
using System;
using System.IO;

namespace Fixtures
{
    public class UsesExceptionsAndUsing
    {
        public int Read(byte[] data)
        {
            try
            {
                using (var stream = new MemoryStream(data))
                {
                    return stream.ReadByte();
                }
            }
            catch (IOException)
            {
                return -1;
            }
            finally
            {
                GC.SuppressFinalize(this);
            }
        }
    }
}
