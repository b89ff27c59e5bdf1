// `overseer/postgres`: the PostgreSQL snapshot store. The only code that imports `pg` (an optional
// peer dependency, left external by the build), so users of the other stores never need it.
export { PostgresStore, DEFAULT_POSTGRES_STORE_TIMEOUT_MS, type PostgresStoreOptions } from './postgres-store.js';
