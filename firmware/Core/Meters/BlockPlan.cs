using System;
using EspCollector.Core.Bus;

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

        public BlockPlan(RegisterDefinition[] rows, RegisterRange[] readableRanges)
        {
            RegisterDefinition[] sorted = SortedCopy(rows);

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
            Table = new RegisterTable(sorted);
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

        private static int Group(RegisterDefinition[] rows, RegisterRange[] ranges, RegisterBlock[] blocks, byte[] firstRows)
        {
            int count = 0;
            int index = 0;
            while (index < rows.Length)
            {
                RegisterDefinition first = rows[index];
                RegisterRange range = RangeOf(first, ranges);
                int limit = first.FunctionCode <= 2 ? MaximumBitsPerRead : MaximumRegistersPerRead;
                int start = first.Address;
                int end = first.LastAddress;
                int next = index + 1;
                while (next < rows.Length)
                {
                    RegisterDefinition candidate = rows[next];
                    if (candidate.PollClass != first.PollClass || candidate.FunctionCode != first.FunctionCode)
                    {
                        break;
                    }

                    int candidateEnd = candidate.LastAddress > end ? candidate.LastAddress : end;
                    if (!range.Contains(candidate.FunctionCode, candidate.Address, candidate.LastAddress)
                        || candidate.Address - end - 1 > MaximumGap
                        || candidateEnd - start + 1 > limit)
                    {
                        break;
                    }

                    end = candidateEnd;
                    next++;
                }

                if (blocks != null)
                {
                    blocks[count] = new RegisterBlock(first.FunctionCode, (ushort)start, (ushort)(end - start + 1), first.PollClass);
                    firstRows[count] = (byte)index;
                }

                count++;
                index = next;
            }

            return count;
        }

        private static RegisterRange RangeOf(RegisterDefinition row, RegisterRange[] ranges)
        {
            for (int index = 0; index < ranges.Length; index++)
            {
                if (ranges[index].Contains(row.FunctionCode, row.Address, row.LastAddress))
                {
                    return ranges[index];
                }
            }

            // A table row outside every readable range is a mistake in the table.
            throw new ArgumentException("Register 0x" + row.Address.ToString("X4") + " is outside the readable ranges");
        }

        private static RegisterDefinition[] SortedCopy(RegisterDefinition[] rows)
        {
            RegisterDefinition[] sorted = new RegisterDefinition[rows.Length];
            // Insertion sort (no Array.Sort on the device); stable, so rows at one address keep table order.
            for (int index = 0; index < rows.Length; index++)
            {
                RegisterDefinition row = rows[index];
                int position = index;
                while (position > 0 && Compare(sorted[position - 1], row) > 0)
                {
                    sorted[position] = sorted[position - 1];
                    position--;
                }

                sorted[position] = row;
            }

            return sorted;
        }

        /// <summary>Identity (Once) blocks first: the poller probes an offline device with its first block, and
        /// the identity block is small and always mapped. Then fast, slow, rare.</summary>
        private static int Rank(PollClass pollClass)
        {
            return pollClass == PollClass.Once ? -1 : (int)pollClass;
        }

        private static int Compare(RegisterDefinition left, RegisterDefinition right)
        {
            if (left.PollClass != right.PollClass)
            {
                return Rank(left.PollClass) - Rank(right.PollClass);
            }

            if (left.FunctionCode != right.FunctionCode)
            {
                return left.FunctionCode - right.FunctionCode;
            }

            return left.Address - right.Address;
        }
    }
}
