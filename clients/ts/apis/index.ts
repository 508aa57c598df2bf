/* tslint:disable */
/* eslint-disable */
export * from './CatalogueApi';
export * from './EventsApi';
export * from './OperationsApi';
export * from './RecommendationsApi';
export * from './UsersApi';
