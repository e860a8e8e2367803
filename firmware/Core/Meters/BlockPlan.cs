using System;
using EspCollector.Core.Bus;
using EspCollector.Core.Ports;

namespace EspCollector.Core.Meters
{
    /// <summary>
    /// Groups table rows into the reads a meter is polled with: rows of one poll class and function code whose
    /// addresses lie close together inside one declared readable range become one block, up to the Modbus
    /// limit of one response. Computed once per meter type (and once more with the Compere history) and shared
    /// by its drivers (it is immutable); the rows are reordered so that each block's rows are contiguous (block b
    /// covers rows <see cref="FirstRowOf"/>(b) .. <see cref="FirstRowOf"/>(b + 1) - 1 of <see cref="Table"/>).
    /// </summary>
    public sealed class BlockPlan
    {
        /// <summary>Application Protocol V1.1b3, 6.3/6.4: at most 125 registers per read.</summary>
        public const int MaximumRegistersPerRead = 125;

        /// <summary>Application Protocol V1.1b3, 6.1/6.2: at most 2000 coils or inputs per read.</summary>
        public const int MaximumBitsPerRead = 2000;

        /// <summary>Unused registers a block may span between two rows before a new block is cheaper:
        /// 16 registers cost 32 bytes (about 37 ms at 9600 baud), less than a request/response turnaround.</summary>
        public const int MaximumGap = 16;

        /// <summary>The rows in block order, compacted (the declarations are not kept).</summary>
        public readonly RegisterTable Table;
        public readonly RegisterBlock[] Blocks;

        /// <summary>First row of each block, and the row count at the end: one byte each (tables have fewer than
        /// 256 rows, the Compere history included), not two int arrays.</summary>
        private readonly byte[] _firstRows;

        /// <summary>
        /// The plan of packed rows (<see cref="RegisterTable.Pack"/>, as the tables declare them); <paramref name="names"/>
        /// (may be null) renames rows as in <see cref="RegisterTable(long[], string[])"/>.
        /// </summary>
        public BlockPlan(long[] rows, string[] names, RegisterRange[] readableRanges)
        {
            long[] sorted = new long[rows.Length];
            string[] sortedNames = names == null ? null : StringArrays.Create(rows.Length);
            SortedCopy(rows, names, sorted, sortedNames);

            // First pass counts the blocks, second pass fills them: arrays of exact size, no lists.
            if (sorted.Length > byte.MaxValue)
            {
                throw new ArgumentException("More than 255 rows in one plan");
            }

            int blockCount = Group(sorted, readableRanges, null, null);
            Blocks = new RegisterBlock[blockCount];
            _firstRows = new byte[blockCount + 1];
            Group(sorted, readableRanges, Blocks, _firstRows);
            _firstRows[blockCount] = (byte)sorted.Length;
            Table = new RegisterTable(sorted, sortedNames);
        }

        /// <summary>The first row of a block in <see cref="Table"/>; for the block count, the row count.</summary>
        public int FirstRowOf(int block)
        {
            return _firstRows[block];
        }

        /// <summary>Rows a block covers.</summary>
        public int RowCountOf(int block)
        {
            return _firstRows[block + 1] - _firstRows[block];
        }

        /// <summary>The block that contains a row index.</summary>
        public int BlockOfRow(int rowIndex)
        {
            for (int block = 0; block < Blocks.Length; block++)
            {
                if (rowIndex >= _firstRows[block] && rowIndex < _firstRows[block + 1])
                {
                    return block;
                }
            }

            return -1;
        }

        private static int Group(long[] rows, RegisterRange[] ranges, RegisterBlock[] blocks, byte[] firstRows)
        {
            int count = 0;
            int index = 0;
            while (index < rows.Length)
            {
                long first = rows[index];
                byte functionCode = RegisterTable.PackedFunctionCode(first);
                PollClass pollClass = RegisterTable.PackedPollClass(first);
                RegisterRange range = RangeOf(first, ranges);
                int limit = functionCode <= 2 ? MaximumBitsPerRead : MaximumRegistersPerRead;
                int start = RegisterTable.PackedAddress(first);
                int end = RegisterTable.PackedLastAddress(first);
                int next = index + 1;
                while (next < rows.Length)
                {
                    long candidate = rows[next];
                    if (RegisterTable.PackedPollClass(candidate) != pollClass || RegisterTable.PackedFunctionCode(candidate) != functionCode)
                    {
                        break;
                    }

                    int candidateAddress = RegisterTable.PackedAddress(candidate);
                    int candidateLast = RegisterTable.PackedLastAddress(candidate);
                    int candidateEnd = candidateLast > end ? candidateLast : end;
                    if (!range.Contains(functionCode, candidateAddress, candidateLast)
                        || candidateAddress - end - 1 > MaximumGap
                        || candidateEnd - start + 1 > limit)
                    {
                        break;
                    }

                    end = candidateEnd;
                    next++;
                }

                if (blocks != null)
                {
                    blocks[count] = new RegisterBlock(functionCode, (ushort)start, (ushort)(end - start + 1), pollClass);
                    firstRows[count] = (byte)index;
                }

                count++;
                index = next;
            }

            return count;
        }

        private static RegisterRange RangeOf(long row, RegisterRange[] ranges)
        {
            byte functionCode = RegisterTable.PackedFunctionCode(row);
            int address = RegisterTable.PackedAddress(row);
            int last = RegisterTable.PackedLastAddress(row);
            for (int index = 0; index < ranges.Length; index++)
            {
                if (ranges[index].Contains(functionCode, address, last))
                {
                    return ranges[index];
                }
            }

            // A table row outside every readable range is a mistake in the table.
            throw new ArgumentException("Register 0x" + address.ToString("X4") + " is outside the readable ranges");
        }

        /// <summary>Insertion sort (no Array.Sort on the device) into <paramref name="sorted"/>, the names moved with
        /// their rows; stable, so rows at one address keep table order.</summary>
        private static void SortedCopy(long[] rows, string[] names, long[] sorted, string[] sortedNames)
        {
            for (int index = 0; index < rows.Length; index++)
            {
                long row = rows[index];
                int position = index;
                while (position > 0 && Compare(sorted[position - 1], row) > 0)
                {
                    sorted[position] = sorted[position - 1];
                    if (sortedNames != null)
                    {
                        sortedNames[position] = sortedNames[position - 1];
                    }

                    position--;
                }

                sorted[position] = row;
                if (sortedNames != null)
                {
                    sortedNames[position] = names[index];
                }
            }
        }

        /// <summary>Identity (Once) blocks first: the poller probes an offline device with its first block, and
        /// the identity block is small and always mapped. Then fast, slow, rare.</summary>
        private static int Rank(PollClass pollClass)
        {
            return pollClass == PollClass.Once ? -1 : (int)pollClass;
        }

        private static int Compare(long left, long right)
        {
            PollClass leftClass = RegisterTable.PackedPollClass(left);
            PollClass rightClass = RegisterTable.PackedPollClass(right);
            if (leftClass != rightClass)
            {
                return Rank(leftClass) - Rank(rightClass);
            }

            int leftFunction = RegisterTable.PackedFunctionCode(left);
            int rightFunction = RegisterTable.PackedFunctionCode(right);
            if (leftFunction != rightFunction)
            {
                return leftFunction - rightFunction;
            }

            return RegisterTable.PackedAddress(left) - RegisterTable.PackedAddress(right);
        }
    }
}
