#!/usr/bin/python3
"""A Compere KPM33B as an independent Modbus RTU slave (pymodbus 3.0, Debian python3-pymodbus).

The register map is written from the KPM33B manual (seed 000_382c60362d0da209.txt, User Manual V3.4,
section 6), not from the project's code: holding registers read with FC03, "short floating point,
big-endian" (IEEE 754 single, high word first), primary values; relay 1 as coil 0001H (6.1).
The golden values below are repeated in PymodbusReadTests.cs, which runs `espc read --json`
against this server and checks the decoded values.

usage: /usr/bin/python3 kpm33b_pymodbus_server.py <serial device> <slave address>
"""
import logging
import struct
import sys

from pymodbus.datastore import (
    ModbusSequentialDataBlock,
    ModbusServerContext,
    ModbusSlaveContext,
)
from pymodbus.server import StartSerialServer
from pymodbus.transaction import ModbusRtuFramer

# Address (hex, 0-based PDU address) -> value, from the manual's tables 6.3 and 6.4.
FLOATS = {
    0x0030: 231.5,     # Phase A voltage, V
    0x0032: 229.25,    # Phase B voltage, V
    0x0034: 230.75,    # Phase C voltage, V
    0x0036: 12.5,      # Phase A current, A
    0x0038: 8.25,      # Phase B current, A
    0x003A: 3.125,     # Phase C current, A
    0x003C: 399.5,     # AB line voltage, V
    0x003E: 398.25,    # BC line voltage, V
    0x0040: 400.0,     # CA line voltage, V
    0x0042: 2750.0,    # Phase A active power, W
    0x0044: 1800.5,    # Phase B active power, W
    0x0046: 650.25,    # Phase C active power, W
    0x0048: 5200.75,   # Three phase active power, W
    0x004A: 900.0,     # Phase A reactive power, var
    0x004C: 500.0,     # Phase B reactive power, var
    0x004E: 200.0,     # Phase C reactive power, var
    0x0050: 1600.0,    # Three phase reactive power, var
    0x0052: 2893.5,    # Phase A apparent power, VA
    0x0054: 1868.5,    # Phase B apparent power, VA
    0x0056: 680.25,    # Phase C apparent power, VA
    0x0058: 5442.25,   # Three phase apparent power, VA
    0x005A: 0.9375,    # Phase A power factor
    0x005C: 0.96875,   # Phase B power factor
    0x005E: 0.953125,  # Phase C power factor
    0x0060: 0.953125,  # Three phase power factor
    0x0062: 50.03125,  # Frequency, Hz
    0x0080: 15432.5,   # Total active energy, kWh
    0x0082: 15000.25,  # Forward active energy, kWh
    0x0084: 432.25,    # Reverse active energy, kWh
    0x0086: 3210.5,    # Total reactive energy, kvarh
    0x0088: 3200.0,    # Forward total reactive energy, kvarh
    0x008A: 10.5,      # Reverse total reactive energy, kvarh
    0x008C: 1000.5,    # Total sharp active energy, kWh
    0x008E: 5000.25,   # Total peak active energy, kWh
    0x0090: 6000.0,    # Total flat active energy, kWh
    0x0092: 2999.5,    # Total valley active energy, kWh
}

SERIAL_NUMBER = b"33B2409010042\x00"  # 0012H: 14 bytes, the first 13 are the serial number


def registers():
    words = [0] * 0x0210
    for address, value in FLOATS.items():
        high, low = struct.unpack(">HH", struct.pack(">f", value))
        words[address] = high
        words[address + 1] = low
    for index in range(7):
        words[0x0012 + index] = (SERIAL_NUMBER[2 * index] << 8) | SERIAL_NUMBER[2 * index + 1]
    words[0x0000] = 6666  # password
    words[0x0001] = int(sys.argv[2])  # Modbus address
    words[0x0002] = 0x0003  # 9600 baud, 8E1
    words[0x0023] = (24 << 8) | 9  # time: 2024-09
    words[0x0024] = (1 << 8) | 12  # day 1, 12 h
    words[0x0025] = (30 << 8) | 0  # 12:30:00
    return words


def main():
    logging.basicConfig(level=logging.DEBUG if "--debug" in sys.argv else logging.WARNING)
    slave = ModbusSlaveContext(
        co=ModbusSequentialDataBlock(0, [0, 1, 0, 0, 0, 0, 0, 0]),  # relay 1 (0001H) closed
        di=ModbusSequentialDataBlock(0, [0] * 8),
        hr=ModbusSequentialDataBlock(0, registers()),
        ir=ModbusSequentialDataBlock(0, [0] * 8),
        zero_mode=True,
    )
    context = ModbusServerContext(slaves={int(sys.argv[2]): slave}, single=False)
    print("pymodbus server ready", flush=True)
    StartSerialServer(
        context=context,
        framer=ModbusRtuFramer,
        port=sys.argv[1],
        baudrate=9600,
        # The meter's line is 9600 8E1 (6 Communication), but a pseudo-terminal carries bytes, not bits, and
        # the Linux pty driver refuses PARENB (pyserial's tcsetattr fails with EINVAL), so the server opens
        # the pty without parity; the master side may ask for even parity, which the pty ignores.
        parity="N",
        stopbits=1,
        bytesize=8,
        timeout=0.005,
    )


if __name__ == "__main__":
    main()
