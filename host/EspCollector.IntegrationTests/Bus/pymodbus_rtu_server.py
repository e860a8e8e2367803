#!/usr/bin/python3
"""Independent Modbus RTU slave for the bus integration tests (pymodbus 3.0.0, Debian python3-pymodbus).

Usage: pymodbus_rtu_server.py PORT BAUD PARITY(N|E|O) STOPBITS

Slave 1 only (other addresses get no answer: ignore_missing_slaves). Addresses are 0-based (zero_mode):
  holding registers 0..99 = 1000 + address, input registers 0..99 = 2000 + address,
  coils 0..99 = address % 3 == 0, discrete inputs 0..99 = address % 2 == 0.
Address 100 and up are outside every table: exception 02 (Illegal Data Address).
"""
import logging
import sys

from pymodbus.datastore import ModbusSequentialDataBlock, ModbusServerContext, ModbusSlaveContext
from pymodbus.server import StartSerialServer
from pymodbus.transaction import ModbusRtuFramer


def main():
    port, baud, parity, stopbits = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    logging.basicConfig(level=logging.WARNING)
    slave = ModbusSlaveContext(
        di=ModbusSequentialDataBlock(0, [address % 2 == 0 for address in range(100)]),
        co=ModbusSequentialDataBlock(0, [address % 3 == 0 for address in range(100)]),
        hr=ModbusSequentialDataBlock(0, [1000 + address for address in range(100)]),
        ir=ModbusSequentialDataBlock(0, [2000 + address for address in range(100)]),
        zero_mode=True,
    )
    context = ModbusServerContext(slaves={1: slave}, single=False)
    print("serving", port, flush=True)
    StartSerialServer(
        context=context,
        framer=ModbusRtuFramer,
        port=port,
        baudrate=baud,
        parity=parity,
        stopbits=stopbits,
        bytesize=8,
        timeout=0.05,
        ignore_missing_slaves=True,
    )


if __name__ == "__main__":
    main()
