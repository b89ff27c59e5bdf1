// `overseer/stately`: forwards overseer trees to Stately's inspector (@statelyai/inspect, an
// optional peer dependency the user installs; this entry itself does not import it).
export { inspectWithStately, type StatelyInspectorLike, type InspectWithStatelyOptions, type StatelyForwarding } from './inspect-with-stately.js';
