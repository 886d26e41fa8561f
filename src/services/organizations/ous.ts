// The tree: roots, organizational units (nested up to five levels below the root), children and parents.
import type { HandlerTable } from '../types.js';
import type { Operations } from './api.js';
import type { OrgService } from './service.js';
import type { OrgSnapshot } from './model.js';
import type { OuRow } from './store.js';
import { OrgErrors } from './errors.js';
import { newOuId } from './ids.js';
import { ouShape, rootShape } from './shapes.js';
import { page } from './paging.js';
import { checkTags, storeTags } from './tags.js';
import { attachDefaults } from './policy-types.js';

/** AWS quota: an OU tree is at most five levels deep under the root. */
const MAX_OU_DEPTH = 5;

type OuOps =
  | 'ListRoots'
  | 'CreateOrganizationalUnit'
  | 'UpdateOrganizationalUnit'
  | 'DeleteOrganizationalUnit'
  | 'DescribeOrganizationalUnit'
  | 'ListOrganizationalUnitsForParent'
  | 'ListChildren'
  | 'ListParents';

function ouIn(snap: OrgSnapshot, id: string): OuRow {
  const ou = snap.ous.get(id);
  if (!ou) throw OrgErrors.ouNotFound();
  return ou;
}

function nameTaken(snap: OrgSnapshot, parentId: string, name: string, except?: string): boolean {
  return snap.childOus(parentId).some((o) => o.name === name && o.id !== except);
}

export function ouHandlers(svc: OrgService): Pick<HandlerTable<Operations>, OuOps> {
  return {
    ListRoots(input, ctx) {
      const snap = svc.reader(ctx);
      const { items, NextToken } = page([rootShape(snap)], input, 'roots');
      return { Roots: items, ...(NextToken ? { NextToken } : {}) };
    },

    CreateOrganizationalUnit(input, ctx) {
      const snap = svc.management(ctx);
      if (!snap.isParent(input.ParentId)) throw OrgErrors.parentNotFound();
      if (snap.pathTo(input.ParentId).length > MAX_OU_DEPTH) throw OrgErrors.constraint('OU_DEPTH_LIMIT_EXCEEDED');
      if (nameTaken(snap, input.ParentId, input.Name)) throw OrgErrors.duplicateOu();
      checkTags(input.Tags);
      const ou: OuRow = {
        id: newOuId(snap.rootId),
        org_id: snap.id,
        parent_id: input.ParentId,
        name: input.Name,
        created_at: svc.now(),
      };
      svc.write(() => {
        svc.store.insertOu(ou);
        attachDefaults(svc, snap, ou.id);
        storeTags(svc, snap.id, ou.id, input.Tags);
      });
      return { OrganizationalUnit: ouShape(snap, ou) };
    },

    UpdateOrganizationalUnit(input, ctx) {
      const snap = svc.management(ctx);
      const ou = ouIn(snap, input.OrganizationalUnitId);
      if (input.Name === undefined || input.Name === ou.name) return { OrganizationalUnit: ouShape(snap, ou) };
      if (nameTaken(snap, ou.parent_id, input.Name, ou.id)) throw OrgErrors.duplicateOu();
      const name = input.Name;
      svc.write(() => svc.store.renameOu(ou.id, name));
      return { OrganizationalUnit: ouShape(snap, { ...ou, name }) };
    },

    DeleteOrganizationalUnit(input, ctx) {
      const snap = svc.management(ctx);
      const ou = ouIn(snap, input.OrganizationalUnitId);
      if (snap.childOus(ou.id).length > 0 || snap.childAccounts(ou.id).length > 0) throw OrgErrors.ouNotEmpty();
      svc.write(() => {
        svc.store.detachAllFrom(snap.id, ou.id);
        svc.store.deleteTags(snap.id, ou.id);
        svc.store.deleteOu(ou.id);
      });
    },

    DescribeOrganizationalUnit(input, ctx) {
      const snap = svc.reader(ctx);
      return { OrganizationalUnit: ouShape(snap, ouIn(snap, input.OrganizationalUnitId)) };
    },

    ListOrganizationalUnitsForParent(input, ctx) {
      const snap = svc.reader(ctx);
      if (!snap.isParent(input.ParentId)) throw OrgErrors.parentNotFound();
      const all = snap.childOus(input.ParentId).map((o) => ouShape(snap, o));
      const { items, NextToken } = page(all, input, `ous:${input.ParentId}`);
      return { OrganizationalUnits: items, ...(NextToken ? { NextToken } : {}) };
    },

    ListChildren(input, ctx) {
      const snap = svc.reader(ctx);
      if (!snap.isParent(input.ParentId)) throw OrgErrors.parentNotFound();
      const ids =
        input.ChildType === 'ACCOUNT'
          ? snap.childAccounts(input.ParentId).map((a) => a.account_id)
          : snap.childOus(input.ParentId).map((o) => o.id);
      const all = ids.map((Id) => ({ Id, Type: input.ChildType }));
      const { items, NextToken } = page(all, input, `children:${input.ChildType}:${input.ParentId}`);
      return { Children: items, ...(NextToken ? { NextToken } : {}) };
    },

    ListParents(input, ctx) {
      const snap = svc.reader(ctx);
      const kind = snap.targetKind(input.ChildId);
      if (kind !== 'ACCOUNT' && kind !== 'ORGANIZATIONAL_UNIT') throw OrgErrors.childNotFound();
      const parent = snap.parentOf(input.ChildId)!;
      const all = [{ Id: parent, Type: parent === snap.rootId ? ('ROOT' as const) : ('ORGANIZATIONAL_UNIT' as const) }];
      const { items, NextToken } = page(all, input, `parents:${input.ChildId}`);
      return { Parents: items, ...(NextToken ? { NextToken } : {}) };
    },
  };
}
