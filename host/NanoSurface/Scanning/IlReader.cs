using System;
using System.Collections.Generic;
using System.Reflection;
using System.Reflection.Emit;

namespace NanoSurface.Scanning
{
    /// <summary>One decoded IL instruction: its offset, opcode and operand (a metadata token, a constant or a branch offset).</summary>
    public struct IlInstruction
    {
        public int Offset;
        public OpCode Code;
        public long Operand;
    }

    /// <summary>Decodes a method body's IL bytes into instructions (ECMA-335 III).</summary>
    public static class IlReader
    {
        private static readonly OpCode[] OneByte = new OpCode[256];
        private static readonly OpCode[] TwoByte = new OpCode[256];

        static IlReader()
        {
            foreach (FieldInfo field in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
            {
                var code = (OpCode)field.GetValue(null);
                ushort value = unchecked((ushort)code.Value);
                if (code.Size == 1) OneByte[value] = code;
                else TwoByte[value & 0xFF] = code;
            }
        }

        public static List<IlInstruction> Decode(byte[] il)
        {
            var result = new List<IlInstruction>();
            int offset = 0;
            while (offset < il.Length)
            {
                var instruction = new IlInstruction { Offset = offset };
                byte first = il[offset++];
                if (first == 0xFE)
                {
                    if (offset >= il.Length) break;
                    instruction.Code = TwoByte[il[offset++]];
                }
                else
                {
                    instruction.Code = OneByte[first];
                }
                switch (instruction.Code.OperandType)
                {
                    case OperandType.InlineNone:
                        break;
                    case OperandType.ShortInlineBrTarget:
                    case OperandType.ShortInlineVar:
                        instruction.Operand = il[offset];
                        offset += 1;
                        break;
                    case OperandType.ShortInlineI:
                        instruction.Operand = (sbyte)il[offset];
                        offset += 1;
                        break;
                    case OperandType.InlineVar:
                        instruction.Operand = BitConverter.ToUInt16(il, offset);
                        offset += 2;
                        break;
                    case OperandType.InlineI8:
                    case OperandType.InlineR:
                        instruction.Operand = BitConverter.ToInt64(il, offset);
                        offset += 8;
                        break;
                    case OperandType.InlineSwitch:
                        int count = BitConverter.ToInt32(il, offset);
                        instruction.Operand = count;
                        offset += 4 + 4 * count;
                        break;
                    default:
                        instruction.Operand = BitConverter.ToInt32(il, offset);
                        offset += 4;
                        break;
                }
                result.Add(instruction);
            }
            return result;
        }

        /// <summary>The constant an <c>ldc.i4*</c> instruction pushes, or null for any other instruction.</summary>
        public static int? Int32Constant(IlInstruction instruction)
        {
            short value = instruction.Code.Value;
            if (value >= OpCodes.Ldc_I4_M1.Value && value <= OpCodes.Ldc_I4_8.Value) return value - OpCodes.Ldc_I4_0.Value;
            if (value == OpCodes.Ldc_I4_S.Value || value == OpCodes.Ldc_I4.Value) return (int)instruction.Operand;
            return null;
        }
    }
}
