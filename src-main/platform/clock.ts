/**
 * The one clock: services, repositories, photos and gate events all take the time from the
 * instance the composition root hands them, so tests can move it and nothing disagrees.
 */
export type Clock = () => number;
