/**
 * The generators as Nx runs them (generators.json points here): each one's change is written as
 * one transaction (lib/commit-atomically.ts). Tests call the generators themselves.
 */
import activateGenerator from './activate/activate';
import addGenerator from './add/add';
import createGenerator from './create/create';
import deactivateGenerator from './deactivate/deactivate';
import { commitAtomically } from './lib/commit-atomically';
import removeGenerator from './remove/remove';
import updateGenerator from './update/update';

export const activate = commitAtomically(activateGenerator);
export const add = commitAtomically(addGenerator);
export const create = commitAtomically(createGenerator);
export const deactivate = commitAtomically(deactivateGenerator);
export const remove = commitAtomically(removeGenerator);
export const update = commitAtomically(updateGenerator);
