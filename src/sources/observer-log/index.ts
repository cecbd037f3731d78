/** Observers' logs of ICE flights: the Yakima layout and the Minneapolis layout. */
import { minneapolisObserverLog } from './minneapolis.ts';
import { yakimaObserverLog } from './yakima.ts';

export { minneapolisObserverLog, yakimaObserverLog };
export const OBSERVER_LOG_SOURCES = [yakimaObserverLog, minneapolisObserverLog];
