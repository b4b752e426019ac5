import { describe, expect, it } from 'vitest';
import { EPOCH, POWER, RTC, rig } from '../support/rig.ts';

describe('RTC: deterministic wall clock', () => {
  it('RTC: reads the board epoch plus simulated time, with nanoseconds latched', () => {
    const { board } = rig();
    const { bus, machine } = board;
    expect(bus.read32(RTC + 0x0)).toBe(EPOCH);
    machine.advanceIdle(250_000_000); // 2.5 s at 100 MHz
    expect(bus.read32(RTC + 0x0)).toBe(EPOCH + 2);
    expect(bus.read32(RTC + 0x4)).toBe(0);
    expect(bus.read32(RTC + 0x8)).toBe(500_000_000);
  });

  it('RTC: SET moves the clock and the alarm interrupts at the chosen second', () => {
    const { board } = rig();
    const { bus, machine } = board;
    bus.write32(RTC + 0x10, 2_000_000_000);
    expect(bus.read32(RTC + 0x0)).toBe(2_000_000_000);
    bus.write32(RTC + 0x1c, 1);
    bus.write32(RTC + 0x14, 2_000_000_003);
    machine.runUntil(1_000_000_000);
    expect(bus.read32(RTC + 0x18)).toBe(1);
    expect(board.rtc('rtc').stats().alarms).toBe(1);
    expect(board.interruptController.core.level[32 + 3]).toBe(1);
    bus.write32(RTC + 0x18, 1);
    expect(board.interruptController.core.level[32 + 3]).toBe(0);
  });

  it('RTC: an alarm in the past is misuse', () => {
    const { board } = rig();
    board.bus.write32(RTC + 0x14, 5);
    expect(board.machine.misuses[0]).toMatchObject({ device: 'rtc', register: 'ALARM', value: 5 });
  });
});

describe('POWER: power/reset controller', () => {
  it('POWER: power off stops the run with the exit code', () => {
    const { board } = rig();
    board.bus.write32(POWER + 0x4, 3);
    board.bus.write32(POWER + 0x0, 0x5afe_0001);
    expect(board.machine.runFor(1000)).toEqual({ kind: 'halt', cycle: 0, code: 3 });
    expect(board.machine.runFor(1000).kind).toBe('halt');
  });

  it('POWER: reboot stops the run; after reset the cause reads 1 and CPUs start again', () => {
    const { board, cpus } = rig([
      function* (cpu) {
        yield 10;
        cpu.bus.write32(POWER + 0x0, 0x5afe_0002);
        for (;;) yield 10;
      },
    ]);
    expect(board.machine.runFor(5000)).toEqual({ kind: 'reboot', cycle: 10 });
    expect(board.bus.read32(POWER + 0x8)).toBe(0);
    board.machine.reset();
    expect(board.bus.read32(POWER + 0x8)).toBe(1);
    expect(cpus[0]!.resets).toBe(2);
    expect(board.machine.runFor(5).kind).toBe('cycle-limit');
  });

  it('POWER: a command without the magic is misuse', () => {
    const { board } = rig();
    board.bus.write32(POWER + 0x0, 1);
    expect(board.machine.runFor(10)).toMatchObject({
      kind: 'misuse',
      report: { device: 'power', register: 'CMD', value: 1 },
    });
  });
});
