// Front door of machine/net: Ethernet segments joining NICs, and clusters of machines stepped
// together deterministically.
export type { ClusterStop } from './cluster.ts';
export { Cluster } from './cluster.ts';
export type { DeliveryRecord, SegmentOptions, SegmentStats } from './segment.ts';
export { EthernetSegment } from './segment.ts';
