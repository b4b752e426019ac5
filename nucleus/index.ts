// Front door of nucleus/: the Chorus executive. Boot a site with `bootSite` and run it with
// `runSite`; native system actors are written against `nucleus/api`. It reaches the hardware
// only through nucleus/hal/<family>/ and never imports subsystems/ or src/.

export type { ActorStat, CallName, GuestStart, Request, ThreadBody, ThreadStat } from './api/index.ts';
export * as api from './api/index.ts';
export type { BootOptions, InitialActor, InitialThread, InitialUserActor, Site, SiteStop } from './boot.ts';
export { bootSite, NUCLEUS_VERSION, runSite } from './boot.ts';
export type { CostTable } from './costs.ts';
export { DEFAULT_COSTS } from './costs.ts';
export * from './errors.ts';
export { GUEST_CALLS, NUCLEUS_TRAP } from './guest-abi.ts';
export type { BlockDeviceInfo, GuestRegisters, HalPort, PhysicalMemory } from './hal-port.ts';
export type { NucleusOptions } from './nucleus.ts';
export { Nucleus } from './nucleus.ts';
export type {
  ActorKind,
  Capability,
  ExceptionHandler,
  Fault,
  FaultContinuation,
  InterruptContext,
  InterruptHandler,
  TrapHandler,
} from './objects.ts';
export { Actor, EventFlags, Mutex, Semaphore, Thread, Timer } from './objects.ts';
export type { Outcome } from './outcome.ts';
export { PRIORITIES, Scheduler } from './scheduler.ts';
export type { UserActorLoad } from './user-actors.ts';
export { loadUserActor, STACK_PAGES, STACK_TOP } from './user-actors.ts';
export { FrameAllocator, PAGE_SIZE, UserSpace } from './user-space.ts';
export type { DefaultMapperOptions, DefaultMapperProbe, MapperSite } from './vm/default-mapper.ts';
export { DEFAULT_MAPPER_STAMP, defaultMapperActor, MEMORY_PAGES } from './vm/default-mapper.ts';
export type { MapperHandlers, MapperRequest, PulledIn, SegmentCap, Served } from './vm/mapper-protocol.ts';
export {
  MAPPER_PAGE,
  MP_READ,
  MP_WRITE,
  mpCreate,
  mpGetAccess,
  mpPullIn,
  mpPushOut,
  mpRelease,
  serveMapper,
} from './vm/mapper-protocol.ts';
