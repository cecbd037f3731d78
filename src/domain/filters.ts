/** Comparison operators of report filters (`--where fiscal_year>=FY2020`), shared by the report layer and the engines that compile them. */
export type FilterOp = '=' | '!=' | '>=' | '<=' | '>' | '<';
