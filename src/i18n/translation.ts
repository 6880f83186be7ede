/** A catalogue's shape: texts by key, nested by section; plural forms as `key_one`, `key_other`… */
export interface Translation {
  readonly [key: string]: string | Translation;
}
