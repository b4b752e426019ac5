// Synchronous signals from exceptions: the PM gives each process actor a native exception
// handler (svExcHandler) that turns a guest fault into its Linux signal and resumes the faulting
// thread in a continuation (the nucleus's FaultContinuation) that runs the signal's handler on a
// frame saving the registers at the faulting instruction, or ends the process with the signal
// when it has no handler or blocks it (Linux force_sig). svExcHandler needs a privileged caller,
// so the PM's own thread installs the handlers, on requests queued by fork and by the adoption
// of the first process; the same thread sends SIGALRM when an alarm is due.
import type { Capability, Fault, FaultContinuation } from '../../../nucleus/index.ts';
import { api } from '../../../nucleus/index.ts';
import type { Call, PmState } from './context.ts';
import { type PmService, SIG, services, wakeService } from './signal-post.ts';
import { deliverFault, fireAlarms, nextAlarm } from './signals.ts';

/** MIPS exception codes (Cause.ExcCode). */
const EXC = {
  Mod: 1,
  TLBL: 2,
  TLBS: 3,
  AdEL: 4,
  AdES: 5,
  IBE: 6,
  DBE: 7,
  Bp: 9,
  RI: 10,
  CpU: 11,
  Ov: 12,
  Tr: 13,
};
const SEGV_MAPERR = 1;
const SEGV_ACCERR = 2;
const BUS_ADRALN = 1;
const BUS_ADRERR = 2;
const ILL_ILLOPC = 1;
const FPE_INTOVF = 2;
const TRAP_BRKPT = 1;

/** The signal, si_code and si_addr of a guest fault (Linux arch/mips/kernel/traps.c). */
export function faultSignal(at: NonNullable<Fault['at']>): [number, number, number] {
  switch (at.cause) {
    case EXC.Mod:
      return [SIG.SIGSEGV, SEGV_ACCERR, at.address];
    case EXC.TLBL:
    case EXC.TLBS:
      return [SIG.SIGSEGV, SEGV_MAPERR, at.address];
    case EXC.AdEL:
    case EXC.AdES:
      // An address outside user space is SIGSEGV; a misaligned one is SIGBUS.
      return at.address >>> 0 >= 0x8000_0000
        ? [SIG.SIGSEGV, SEGV_MAPERR, at.address]
        : [SIG.SIGBUS, BUS_ADRALN, at.address];
    case EXC.IBE:
    case EXC.DBE:
      return [SIG.SIGBUS, BUS_ADRERR, at.address];
    case EXC.Bp:
      return [SIG.SIGTRAP, TRAP_BRKPT, at.pc];
    case EXC.Ov:
      return [SIG.SIGFPE, FPE_INTOVF, at.pc];
    case EXC.Tr:
      return [SIG.SIGTRAP, 0, at.pc];
    default:
      return [SIG.SIGILL, ILL_ILLOPC, at.pc];
  }
}

/** The exception handler of process actor `actor`. */
function handlerFor(pm: PmState, actor: Capability) {
  return (fault: Fault): boolean | FaultContinuation => {
    const process = pm.table.ofActor(actor);
    if (process === undefined || fault.at === undefined) return false;
    const [sig, code, address] = faultSignal(fault.at);
    return () => deliverFault(pm, process, sig, code, address);
  };
}

/** Asks the PM's thread to give `actor` the PM's exception handler. */
export function* requestFaultHandler(pm: PmState, actor: Capability): Call<void> {
  services.get(pm)?.installs.push(actor);
  yield* wakeService(pm);
}

/**
 * The PM's thread, for ever: installs exception handlers as they are requested and sends
 * SIGALRM to processes whose alarm is due, sleeping until the next alarm or request.
 */
export function* serveFaultHandlers(pm: PmState): Call<void> {
  const wake = yield* api.semInit(0);
  if (typeof wake === 'number') return;
  const service: PmService = { installs: [], wake };
  services.set(pm, service);
  for (;;) {
    yield* api.semP(wake, yield* nextAlarm(pm));
    for (let actor = service.installs.shift(); actor !== undefined; actor = service.installs.shift())
      yield* api.svExcHandler(actor, handlerFor(pm, actor));
    yield* fireAlarms(pm);
  }
}
