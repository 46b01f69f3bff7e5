/**
 * The building blocks of the service declaration: every tenant method is declared once,
 * with its arguments (the zod/mini schemas it validates with), its result type, its kind
 * and whether a repeat is safe. `TenantCrm`'s type derives from the declarations
 * (`ServiceOf`), and so do the HTTP routes, the remote client and the docs' API table.
 *
 * Declarations are plain data and cost nothing at runtime unless imported: the services
 * import them as types only, so the initial bundle does not grow with them.
 */
import type * as z from 'zod/mini'

/**
 * What a method does:
 * - `query` reads and changes nothing;
 * - `mutation` writes (and may emit events);
 * - `stream` reads like a query but yields its results one by one (an `AsyncIterable`),
 *   so a remote transport streams it instead of answering once.
 */
export type MethodKind = 'query' | 'mutation' | 'stream'

/**
 * Whether a caller may repeat a call that may have succeeded (e.g. after a network failure):
 * `true` when repeating it with the same arguments changes no stored data and emits no
 * event beyond what the first call did (the repeat may answer differently, as HTTP's
 * DELETE answers 404 the second time); `'withKey'` when that holds only for calls that
 * carry an `idempotencyKey`; `false` when a repeat writes again (creates a second record).
 */
export type Idempotency = boolean | 'withKey'

/** One positional argument of a method. */
export interface ArgDecl<S extends z.ZodMiniType = z.ZodMiniType, O extends boolean = boolean> {
  /** The parameter's name (for docs, HTTP bodies and error messages). */
  readonly name: string
  /** The schema the method validates the argument with (the same object, not a copy). */
  readonly schema: S
  /**
   * Whether the argument may be left out (only trailing arguments are optional). Left out,
   * `undefined` and `null` all mean "not given" (a JSON transport has no `undefined`).
   */
  readonly optional: O
}

declare const resultType: unique symbol
declare const paramType: unique symbol

/** An argument whose parameter type is narrower than its schema's input (see {@link typedArg}). */
export type TypedArg<S extends z.ZodMiniType, O extends boolean, T> = ArgDecl<S, O> & { readonly [paramType]?: T }

/**
 * Give an argument a parameter type narrower than its schema's input, where the service checks
 * more than the schema can say (filter field names typed per entity), e.g.
 * `typedArg<ListOptions<'contact'>>()(optional('options', listOptionsSchema))`. `T` should be
 * assignable to the schema's input; the runtime value is the argument unchanged.
 */
export const typedArg =
  <T>() =>
  <S extends z.ZodMiniType, O extends boolean>(decl: ArgDecl<S, O>): TypedArg<S, O, T> =>
    decl

/** Carries a method's result type; it has no runtime content. */
export interface Returns<R> {
  readonly [resultType]?: R
}

/** A method: its kind, arguments, result type and idempotency. */
export interface MethodDecl<
  K extends MethodKind = MethodKind,
  A extends readonly ArgDecl[] = readonly ArgDecl[],
  R = unknown,
> {
  readonly kind: K
  readonly args: A
  /** The result type (a `Promise` of it, or an `AsyncIterable` of it for a `stream`); type-only. */
  readonly result: Returns<R>
  readonly idempotent: Idempotency
}

/** A service: its methods by name. */
export type ServiceDecl = { readonly [method: string]: MethodDecl }

/** A required argument. */
export const arg = <S extends z.ZodMiniType>(name: string, schema: S): ArgDecl<S, false> => ({
  name,
  schema,
  optional: false,
})

/** An optional (trailing) argument: the caller may leave it out or pass `undefined`. */
export const optional = <S extends z.ZodMiniType>(name: string, schema: S): ArgDecl<S, true> => ({
  name,
  schema,
  optional: true,
})

/** The result type `R` of a method, e.g. `returns<Contact>()`. */
export const returns = <R>(): Returns<R> => ({})

/** A read: always safe to repeat. */
export const query = <const A extends readonly ArgDecl[], R>(spec: {
  readonly args: A
  readonly result: Returns<R>
}): MethodDecl<'query', A, R> => ({ kind: 'query', idempotent: true, ...spec })

/** A read that yields its results one by one (`AsyncIterable<R>`): always safe to repeat. */
export const stream = <const A extends readonly ArgDecl[], R>(spec: {
  readonly args: A
  readonly result: Returns<R>
}): MethodDecl<'stream', A, R> => ({ kind: 'stream', idempotent: true, ...spec })

/** A write. Say whether it is idempotent, and why, beside each declaration. */
export const mutation = <const A extends readonly ArgDecl[], R>(spec: {
  readonly args: A
  readonly result: Returns<R>
  readonly idempotent: Idempotency
}): MethodDecl<'mutation', A, R> => ({ kind: 'mutation', ...spec })

/** Declare a service (checks the shape, keeps the exact type of every method). */
export const defineService = <const S extends ServiceDecl>(service: S): S => service

/** The parameter type of an argument with schema `S`: the schema's input, with arrays accepted read-only. */
export type ArgInput<S> = S extends z.ZodMiniType
  ? z.input<S> extends readonly (infer E)[]
    ? readonly E[]
    : z.input<S>
  : never

/** The parameter list of a method, from its declared arguments. */
export type ParamsOf<A extends readonly ArgDecl[]> = A extends readonly [
  infer Head extends ArgDecl,
  ...infer Tail extends readonly ArgDecl[],
]
  ? Head extends ArgDecl<infer S, true>
    ? [arg?: ParamOf<Head, S>, ...ParamsOf<Tail>]
    : Head extends ArgDecl<infer S, false>
      ? [ParamOf<Head, S>, ...ParamsOf<Tail>]
      : never
  : []

/** The parameter type of one argument: its {@link typedArg} type, else its schema's input. */
type ParamOf<A, S> = A extends { readonly [paramType]?: infer T } ? (unknown extends T ? ArgInput<S> : T) : ArgInput<S>

/** The function type of a declared method. */
export type MethodOf<M> =
  M extends MethodDecl<infer K, infer A, infer R>
    ? (...args: ParamsOf<A>) => K extends 'stream' ? AsyncIterable<R> : Promise<R>
    : never

/** The interface of a declared service: one function per method, typed from its declaration. */
export type ServiceOf<S extends ServiceDecl> = { [K in keyof S]: MethodOf<S[K]> }

declare const serviceType: unique symbol

/** A service declaration tagged with the interface that derives from it (`named<ContactsService>()(contactsApi)`). */
export type NamedService<S extends ServiceDecl, I> = S & { readonly [serviceType]?: I }

type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? unknown : never) : never

/**
 * Tag a service declaration with its interface, e.g. `named<ContactsService>()(contactsApi)`,
 * so that types built from many services (`TenantCrm`) name it instead of spelling it out.
 * The compiler checks that the interface is exactly the one the declaration gives.
 */
export const named =
  <I>() =>
  <S extends ServiceDecl>(service: S & Exact<I, ServiceOf<S>>): NamedService<S, I> =>
    service

/** The interface of a service declaration: the one it is tagged with, else `ServiceOf` it. */
export type InterfaceOf<S extends ServiceDecl> =
  S extends NamedService<S, infer I> ? (unknown extends I ? ServiceOf<S> : I) : ServiceOf<S>
