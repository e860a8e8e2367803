using System.Collections;

namespace nanoFramework.TestFramework
{
    /// <summary>Launcher helper of the device package.</summary>
    public static class Helper
    {
        /// <summary>
        /// Drops the [TestMethod] attribute from a method's attributes when the method also carries [DataRow]:
        /// such a method runs once per row, never once without arguments.
        /// </summary>
        public static object[] RemoveTestMethodIfDataRowExists(object[] attribs)
        {
            if (attribs == null)
            {
                return null;
            }

            bool hasDataRow = false;
            foreach (object attribute in attribs)
            {
                if (attribute is DataRowAttribute)
                {
                    hasDataRow = true;
                    break;
                }
            }

            if (!hasDataRow)
            {
                return attribs;
            }

            ArrayList kept = new ArrayList();
            foreach (object attribute in attribs)
            {
                if (!(attribute is TestMethodAttribute))
                {
                    kept.Add(attribute);
                }
            }

            return kept.ToArray();
        }
    }
}
