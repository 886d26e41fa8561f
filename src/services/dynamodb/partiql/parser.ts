// Recursive-descent parser for the PartiQL subset DynamoDB accepts: SELECT, INSERT ... VALUE, UPDATE ... SET/REMOVE,
// DELETE and EXISTS(SELECT ...). `?` parameters are bound while parsing; WHERE clauses become the expression
// library's Condition trees and SET clauses its UpdateActions, so evaluation and updates share one implementation.
import { DynamoValidationError } from '../expressions/errors.js';
import type { Condition, DocumentPath, Operand, UpdateAction } from '../expressions/ast.js';
import type { AttributeValue, Item } from '../values/types.js';
import { malformed, tokenize } from './lexer.js';
import { PARAM_COUNT, TermParser } from './terms.js';

export { PARAM_COUNT };

export type Returning = 'ALL_OLD' | 'UPDATED_OLD' | 'ALL_NEW' | 'UPDATED_NEW';

export interface SelectStmt {
  kind: 'select';
  table: string;
  index?: string;
  projection?: DocumentPath[];
  where?: Condition;
  orderBy?: { path: string; desc: boolean };
}
export interface InsertStmt {
  kind: 'insert';
  table: string;
  item: Item;
}
export interface UpdateStmt {
  kind: 'update';
  table: string;
  actions: UpdateAction[];
  where: Condition;
  returning?: Returning;
}
export interface DeleteStmt {
  kind: 'delete';
  table: string;
  where: Condition;
  returning?: Returning;
}
export interface ExistsStmt {
  kind: 'exists';
  select: SelectStmt;
}
export type Statement = SelectStmt | InsertStmt | UpdateStmt | DeleteStmt | ExistsStmt;

class Parser extends TermParser {
  statement(): Statement {
    let s: Statement;
    if (this.isKw('SELECT')) s = this.select();
    else if (this.isKw('INSERT')) s = this.insert();
    else if (this.isKw('UPDATE')) s = this.update();
    else if (this.isKw('DELETE')) s = this.delete();
    else if (this.isKw('EXISTS')) {
      this.next();
      this.p('(');
      const select = this.select();
      this.p(')');
      s = { kind: 'exists', select };
    } else throw malformed('Expected data manipulation');
    if (this.peek().kind !== 'eof') throw this.unexpected();
    if (this.used !== this.params.length) throw new DynamoValidationError(PARAM_COUNT);
    return s;
  }

  protected tableRef(): { table: string; index?: string } {
    const table = this.name();
    if (this.isP('.')) {
      this.next();
      return { table, index: this.name() };
    }
    return { table };
  }

  protected select(): SelectStmt {
    this.kw('SELECT');
    let projection: DocumentPath[] | undefined;
    if (this.isP('*')) this.next();
    else {
      projection = [this.path()];
      while (this.isP(',')) {
        this.next();
        projection.push(this.path());
      }
    }
    this.kw('FROM');
    const ref = this.tableRef();
    const s: SelectStmt = { kind: 'select', ...ref, ...(projection ? { projection } : {}) };
    if (this.isKw('WHERE')) {
      this.next();
      s.where = this.condition();
    }
    if (this.isKw('ORDER')) {
      this.next();
      this.kw('BY');
      const path = this.name();
      let desc = false;
      if (this.isKw('ASC') || this.isKw('DESC')) desc = this.next().text.toUpperCase() === 'DESC';
      s.orderBy = { path, desc };
    }
    return s;
  }

  protected insert(): InsertStmt {
    this.kw('INSERT');
    this.kw('INTO');
    const table = this.name();
    this.kw('VALUE');
    const v = this.value();
    if (!('M' in v))
      throw new DynamoValidationError('Unsupported operation: Inserting a non-tuple value is not supported');
    return { kind: 'insert', table, item: v.M };
  }

  protected update(): UpdateStmt {
    this.kw('UPDATE');
    const table = this.name();
    const actions: UpdateAction[] = [];
    while (this.isKw('SET') || this.isKw('REMOVE')) {
      const set = this.next().text.toUpperCase() === 'SET';
      do {
        if (actions.length > 0 && this.isP(',')) this.next();
        actions.push(set ? this.assignment() : { kind: 'remove', path: this.path() });
      } while (this.isP(','));
    }
    if (actions.length === 0) throw this.unexpected();
    this.kw('WHERE');
    const where = this.condition();
    return { kind: 'update', table, actions, where, ...this.returning() };
  }

  protected delete(): DeleteStmt {
    this.kw('DELETE');
    this.kw('FROM');
    const table = this.name();
    this.kw('WHERE');
    const where = this.condition();
    return { kind: 'delete', table, where, ...this.returning() };
  }

  protected returning(): { returning?: Returning } {
    if (!this.isKw('RETURNING')) return {};
    this.next();
    const which = this.next().text.toUpperCase();
    const when = this.next().text.toUpperCase();
    this.p('*');
    const rv = `${which === 'MODIFIED' ? 'UPDATED' : which}_${when}`;
    if (!['ALL_OLD', 'UPDATED_OLD', 'ALL_NEW', 'UPDATED_NEW'].includes(rv)) throw malformed('Unexpected keyword');
    return { returning: rv as Returning };
  }

  protected assignment(): UpdateAction {
    const path = this.path();
    this.p('=');
    const fn = this.peek().kind === 'ident' ? this.peek().text.toLowerCase() : '';
    if ((fn === 'set_add' || fn === 'set_delete') && this.peek(1).text === '(') {
      this.i += 2;
      this.path();
      this.p(',');
      const value = this.value();
      this.p(')');
      return { kind: fn === 'set_add' ? 'add' : 'delete', path, value };
    }
    let value = this.setTerm();
    while (this.isP('+') || this.isP('-')) {
      const op = this.next().text as '+' | '-';
      value = { kind: 'arith', op, left: value, right: this.setTerm() };
    }
    return { kind: 'set', path, value };
  }

  protected setTerm(): Operand {
    const t = this.peek();
    if (t.kind === 'ident' && this.peek(1).text === '(') {
      const fn = t.text.toLowerCase();
      if (fn !== 'list_append' && fn !== 'if_not_exists') throw malformed(`Unsupported function: ${t.text}`);
      this.i += 2;
      const a = this.setTerm();
      this.p(',');
      const b = this.setTerm();
      this.p(')');
      return { kind: 'call', name: fn, args: [a, b] };
    }
    return this.operand();
  }
}

export function parseStatement(text: string, params: AttributeValue[]): Statement {
  return new Parser(tokenize(text), params).statement();
}

/** The conjuncts of a top-level AND chain. */
export function conjuncts(c: Condition): Condition[] {
  return c.kind === 'and' ? [...conjuncts(c.left), ...conjuncts(c.right)] : [c];
}

export function andAll(cs: Condition[]): Condition | undefined {
  return cs.reduce<Condition | undefined>((acc, c) => (acc ? { kind: 'and', left: acc, right: c } : c), undefined);
}
