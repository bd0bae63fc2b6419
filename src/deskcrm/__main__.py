from deskcrm.cli import main

main()
