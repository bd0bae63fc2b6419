from deskcrm.cli.entry import main

main()
