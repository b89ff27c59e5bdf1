// `overseer/postgres`: the PostgreSQL snapshot store. The only code that imports `pg` (an optional
// peer dependency, left external by the build), so users of the other stores never need it.
export { PostgresStore, type PostgresStoreOptions } from './postgres-store.js';
