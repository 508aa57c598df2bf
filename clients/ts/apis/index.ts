/* tslint:disable */
/* eslint-disable */
export * from './CatalogueApi';
export * from './EventsApi';
export * from './ExperimentsApi';
export * from './OperationsApi';
export * from './RecommendationsApi';
export * from './UsersApi';
