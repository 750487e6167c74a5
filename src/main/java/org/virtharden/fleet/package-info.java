/**
 * Cross-host analyses over a run's stored results: the fleet (FL-*) checks, the drift matrix (hosts x controls of a
 * host group), VM sprawl against the approved inventory, and the retest diff between two runs. Results are plain
 * records, ready to print (CLI), bind (GUI) or render (audit pack). See docs/decisions/0010.
 */
package org.virtharden.fleet;
