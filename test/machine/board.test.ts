import { describe, expect, it } from 'vitest';
import { BoardError, buildBoard, cpuFamilies, registerCpuFamily } from '../../machine/index.ts';
import { CPU_LINE, INTC, rig, testBoard, UART } from './support/rig.ts';

describe('BOARD: building a machine from a description', () => {
  it('BOARD: maps RAM and every device at its address and wires the controller to each CPU', () => {
    const { board, cpus } = rig();
    expect(board.bus.map().map((m) => `${m.name}@${m.base.toString(16)}+${m.size.toString(16)}`)).toEqual([
      'ram@0+100000',
      'intc@1f000000+1000',
      'uart0@1f100000+8',
      'ltimer@1f200000+100',
      'gtimer@1f300000+30',
      'rtc@1f400000+20',
      'disk0@1f500000+20',
      'eth0@1f600000+40',
      'power@1f700000+10',
    ]);
    expect(cpus.map((c) => c.index)).toEqual([0, 1]);
    expect(board.bus.reservations.cpus).toBe(2);
    board.bus.write32(INTC, 1);
    board.bus.write32(INTC + 0x104, 1);
    board.bus.write8(UART + 1, 0x02); // THR-empty interrupt on uart0 (line 0)
    expect(cpus[0]!.lines.has(CPU_LINE)).toBe(true);
    expect(board.nicAttachments().map((a) => `${a.nic.name}->${a.network}`)).toEqual(['eth0->lan']);
    expect(board.machine.quantum).toBe(1000);
  });

  it('BOARD: an unknown CPU family is one error naming the registered ones', () => {
    rig(); // registers "test"
    expect(() => buildBoard(testBoard({ family: 'vax' }), { seed: 1 })).toThrow(BoardError);
    expect(() => buildBoard(testBoard({ family: 'vax' }), { seed: 1 })).toThrow(
      /^board testboard: family: unknown CPU family "vax" \(registered: .*\btest\b.*\)$/,
    );
    expect(cpuFamilies()).toContain('test');
    expect(() => registerCpuFamily('test', () => undefined as never)).toThrow(/already registered/);
  });

  it('BOARD: overlapping devices, bad IRQs and bad MACs are errors naming the device', () => {
    rig();
    const base = testBoard();
    expect(() =>
      buildBoard(
        { ...base, devices: [...base.devices, { kind: 'power', name: 'power2', base: UART + 4 }] },
        { seed: 1 },
      ),
    ).toThrow(/devices\[7\] \(power2\): bus: power2 at 0x1f100004 overlaps uart0 at 0x1f100000/);
    expect(() =>
      buildBoard({ ...base, devices: [{ kind: 'uart', name: 'u', base: UART, irq: 40 }] }, { seed: 1 }),
    ).toThrow(/devices\[0\] \(u\): irq 40 is not one of the 32 lines/);
    expect(() =>
      buildBoard({ ...base, devices: [{ kind: 'nic', name: 'n', base: UART, mac: '02:00' }] }, { seed: 1 }),
    ).toThrow(/MAC "02:00" is not six hex bytes/);
    expect(() => buildBoard({ ...base, ram: { base: 0, size: 1000 } }, { seed: 1 })).toThrow(
      /ram: RAM size 1000/,
    );
  });

  it('BOARD: end-of-run statistics cover every CPU and device', () => {
    const { board } = rig([
      function* () {
        for (;;) yield 10;
      },
    ]);
    board.machine.runUntil(5000);
    const stats = board.machine.stats();
    expect(stats.cpus).toEqual([
      { cpu: 0, busyCycles: 5000, idleCycles: 0, scSucceeded: 0, scFailed: 0, family: { resets: 1 } },
      { cpu: 1, busyCycles: 0, idleCycles: 5000, scSucceeded: 0, scFailed: 0, family: { resets: 1 } },
    ]);
    expect(Object.keys(stats.devices)).toEqual([
      'intc',
      'uart0',
      'ltimer',
      'gtimer',
      'rtc',
      'disk0',
      'eth0',
      'power',
    ]);
    expect(stats.devices.uart0).toEqual({ transmitted: 0, received: 0, dropped: 0, interrupts: 0 });
  });
});
