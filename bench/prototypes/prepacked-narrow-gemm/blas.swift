// The two OpenBLAS entry points the prototype calls (Sources/CBLAS declares them for the package).
@_silgen_name("cblas_sgemm")
func cblas_sgemm(_ order: Int32, _ ta: Int32, _ tb: Int32, _ m: Int32, _ n: Int32, _ k: Int32, _ alpha: Float, _ a: UnsafePointer<Float>, _ lda: Int32, _ b: UnsafePointer<Float>, _ ldb: Int32, _ beta: Float, _ c: UnsafeMutablePointer<Float>, _ ldc: Int32)
@_silgen_name("openblas_set_num_threads") func openblas_set_num_threads(_ n: Int32)
