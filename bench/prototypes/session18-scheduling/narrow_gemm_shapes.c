#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
static int cmp(const void*a,const void*b){double x=*(double*)a,y=*(double*)b;return x<y?-1:x>y;}
float *A,*B,*C;
double run(int mode,int m,int n,int k){ double t[41];
 for(int r=0;r<41;r++){double s=now();
  if(mode==0) cblas_sgemm(CblasRowMajor,CblasNoTrans,CblasNoTrans,m,n,k,1,A,k,B,n,0,C,n);       // C[m×n]=A·B
  else if(mode==1) cblas_sgemm(CblasRowMajor,CblasTrans,CblasTrans,n,m,k,1,B,n,A,k,0,C,m);      // Cᵀ[n×m]=Bᵀ·Aᵀ
  else if(mode==2) cblas_sgemm(CblasRowMajor,CblasTrans,CblasNoTrans,m,n,k,1,A,m,B,n,0,C,n);    // C[m×n]=Aᵀ·B  (A stored k×m)
  else if(mode==3) cblas_sgemm(CblasRowMajor,CblasTrans,CblasNoTrans,n,m,k,1,B,n,A,m,0,C,m);    // Cᵀ[n×m]=Bᵀ·A (A stored k×m)
  t[r]=now()-s;}
 qsort(t,41,sizeof(double),cmp); return 2.0*m*n*k/t[20]/1e9;}
int main(int argc,char**argv){ A=malloc(4L*512*4608*4);B=malloc(4L*4608*64*4);C=malloc(4L*4608*512*4);
 for(long i=0;i<512L*4608*4;i++){A[i]=(i%7)*0.1f;} for(long i=0;i<4608L*64*4;i++)B[i]=(i%5)*0.1f;
 int shapes[][3]={{256,49,4608},{512,49,4608},{256,49,256},{128,49,128},{2304,49,512},{1152,49,512},{64,196,64},{256,64,4608},{256,48,4608}};
 for(int s=0;s<9;s++){int m=shapes[s][0],n=shapes[s][1],k=shapes[s][2];
  printf("%5dx%3dx%5d  A·B %.1f  (BᵀAᵀ)ᵀ %.1f   Aᵀ·B %.1f  (BᵀA)ᵀ %.1f\n",m,n,k,run(0,m,n,k),run(1,m,n,k),run(2,m,n,k),run(3,m,n,k));}
}
